import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PushSubscriptionKeysDto } from './push-subscription-keys.dto';

/** What the browser's `PushSubscription.toJSON()` gives (expirationTime is not needed). */
export class CreatePushSubscriptionDto {
  @ApiProperty({
    maxLength: 1000,
    description: 'The push service URL of the subscription (https)',
    example: 'https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH…',
  })
  @IsString({ message: 'endpoint must be the https URL of the browser push subscription' })
  @MaxLength(1000, { message: 'endpoint must be at most 1000 characters' })
  endpoint: string;

  @ApiProperty({ type: PushSubscriptionKeysDto })
  @IsDefined({ message: 'keys must hold the p256dh and auth keys of the browser subscription' })
  @IsObject({ message: 'keys must hold the p256dh and auth keys of the browser subscription' })
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys: PushSubscriptionKeysDto;
}
