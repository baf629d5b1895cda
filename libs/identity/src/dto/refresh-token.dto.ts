import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull } from '@homegroup/operations';

export class RefreshTokenDto {
  @ApiPropertyOptional({
    description:
      'The refresh token from login, register or the previous refresh; leave it out in the cookie session (the ' +
      'x-homegroup-session header), which reads it from the cookie',
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(10, { message: 'refreshToken is not a refresh token' })
  @MaxLength(200, { message: 'refreshToken is not a refresh token' })
  refreshToken?: string;
}
