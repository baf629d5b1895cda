import { ApiProperty } from '@nestjs/swagger';

export class GroupRefResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Clean and Serene' })
  name: string;
}
