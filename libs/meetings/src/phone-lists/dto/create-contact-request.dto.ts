import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CreateContactRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A member on the same meeting phone list' })
  @IsUUID('all', { message: 'userId must be a member id (UUID) from the phone list' })
  userId: string;
}
