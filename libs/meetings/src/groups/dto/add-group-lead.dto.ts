import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AddGroupLeadDto {
  @ApiProperty({ format: 'uuid', description: 'The member to make a co-lead' })
  @IsUUID('all', { message: 'userId must be a member id (UUID)' })
  userId: string;
}
