import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateNotificationPreferencesDto {
  @ApiProperty({
    description:
      'Whether your lock screen may say "craving" and show the intensity of alerts you receive (false: "Sam is asking for a call")',
    example: false,
  })
  @IsBoolean({ message: 'showCravingDetails must be true or false' })
  showCravingDetails: boolean;
}
