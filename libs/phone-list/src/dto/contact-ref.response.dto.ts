import { ApiProperty } from '@nestjs/swagger';
import { MemberRefResponseDto } from './member-ref.response.dto';

/** A contact as a practice call refers to it. */
export class ContactRefResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Your contactId' })
  id: string;

  @ApiProperty({ type: () => MemberRefResponseDto })
  user: MemberRefResponseDto;
}
