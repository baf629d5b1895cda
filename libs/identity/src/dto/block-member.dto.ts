import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class BlockMemberDto {
  @ApiProperty({ format: 'uuid', description: 'The member to block' })
  @IsUUID('4', { message: 'userId must be a member id (UUID)' })
  userId: string;
}
