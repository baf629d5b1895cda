import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProfileResponseDto } from './profile.response.dto';

export class AuthTokensResponseDto {
  @ApiProperty({ description: 'JWT for the Authorization header and the socket handshake; lives at most 15 minutes' })
  accessToken: string;

  @ApiProperty({ description: 'ISO time the access token expires' })
  accessTokenExpiresAt: string;

  @ApiPropertyOptional({
    description:
      'Single use: exchange it at /auth/refresh for a new pair. Absent in the cookie session, where it is only in ' +
      'the httpOnly cookie',
  })
  refreshToken?: string;

  @ApiProperty()
  refreshTokenExpiresAt: string;

  @ApiProperty({ type: () => ProfileResponseDto })
  user: ProfileResponseDto;
}
