import { ApiProperty } from '@nestjs/swagger';

export class InviteResponseDto {
  @ApiProperty({
    example: 'K7P9XQ2MHC',
    description: 'Hand it over in person. Single use; letters and digits without 0/O, 1/I/L; case, spaces and dashes do not matter',
  })
  code: string;

  @ApiProperty({ description: 'ISO time after which the code no longer works (24 hours)' })
  expiresAt: string;
}
