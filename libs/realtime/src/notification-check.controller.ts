import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { PushService } from '@homegroup/notifications';
import { RealtimeService } from './realtime.service';

class NotificationCheckResponseDto {
  @ApiProperty({
    description: 'How many of the member’s sockets (on any api process) the notice was sent to',
  })
  connectedSockets: number;

  @ApiProperty({
    description:
      'How many of the member’s push subscriptions the push service accepted the test push for (0 without any)',
  })
  pushedDevices: number;
}

export const TEST_NOTICE = 'Test notification: this device receives Homegroup alerts.';

/**
 * "Send me a test notification": members check that their devices receive realtime pings and, with the app
 * closed, Web Push (a phone that rings with the tab closed).
 */
@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me/notifications')
export class NotificationCheckController {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly push: PushService,
  ) {}

  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sends a `system.notice` event to the caller’s own connected sockets and a push to every push subscription',
  })
  @ApiOkResponse({ type: NotificationCheckResponseDto })
  async test(@CurrentUser() auth: AuthUser): Promise<NotificationCheckResponseDto> {
    const connectedSockets = await this.realtime.countUserSockets(auth.id);
    this.realtime.emitToUser(auth.id, 'system.notice', {
      message: TEST_NOTICE,
      at: new Date().toISOString(),
    });
    const pushed = await this.push.sendToUser(auth.id, {
      title: 'Homegroup',
      body: TEST_NOTICE,
      data: { type: 'system.notice' },
      urgency: 'normal',
      ttlSeconds: 300,
    });
    return { connectedSockets, pushedDevices: pushed.delivered };
  }
}
