import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class PushSubscriptionKeysDto {
  @ApiProperty({
    description:
      "The browser's P-256 public key: `subscription.toJSON().keys.p256dh` (87 base64url characters)",
    example: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  })
  @IsString({ message: 'keys.p256dh must be the p256dh key of the browser subscription' })
  @Matches(/^[A-Za-z0-9_-]{87}={0,1}$/, {
    message: 'keys.p256dh must be the p256dh key of the browser subscription (87 base64url characters)',
  })
  p256dh: string;

  @ApiProperty({
    description:
      "The browser's authentication secret: `subscription.toJSON().keys.auth` (22 base64url characters)",
    example: 'tBHItJI5svbpez7KI4CCXg',
  })
  @IsString({ message: 'keys.auth must be the auth secret of the browser subscription' })
  @Matches(/^[A-Za-z0-9_-]{22}(==)?$/, {
    message: 'keys.auth must be the auth secret of the browser subscription (22 base64url characters)',
  })
  auth: string;
}
