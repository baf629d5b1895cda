import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';

export class UpdateNotificationPreferencesDto {
  @ApiProperty({
    description:
      'Whether your lock screen may say "craving" and show the intensity of alerts you receive (false: "Sam is asking for a call")',
    example: false,
  })
  @IsBoolean({ message: 'showCravingDetails must be true or false' })
  showCravingDetails: boolean;

  @ApiPropertyOptional({
    description:
      'Whether you are phoned when an alert of someone you sponsor reaches "nobody has answered" (press 1 on the call to ' +
      'answer it). Needs a phone on your profile. Left as it is when absent.',
    example: false,
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'callMeWhenNobodyAnswers must be true or false' })
  callMeWhenNobodyAnswers?: boolean;
}
