import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token from login, register or the previous refresh' })
  @IsString()
  @MinLength(10, { message: 'refreshToken is not a refresh token' })
  @MaxLength(200, { message: 'refreshToken is not a refresh token' })
  refreshToken: string;
}
