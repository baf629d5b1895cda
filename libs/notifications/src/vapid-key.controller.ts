import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@homegroup/operations';
import { VapidPublicKeyResponseDto } from './dto/vapid-public-key.response.dto';
import { PushSubscriptionsService } from './push-subscriptions.service';

@ApiTags('notifications')
@Controller('push')
export class VapidKeyController {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Get('vapid-public-key')
  @Public()
  @ApiOperation({
    summary: "The server's VAPID public key, for pushManager.subscribe({ applicationServerKey })",
  })
  @ApiOkResponse({ type: VapidPublicKeyResponseDto })
  publicKey(): VapidPublicKeyResponseDto {
    return this.subscriptions.vapidPublicKey();
  }
}
