import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { RealtimeService } from './realtime.service';

class NotificationCheckResponseDto {
  @ApiProperty({ description: 'How many of the member’s sockets (on any api process) the notice was sent to' })
  connectedSockets: number;
}

/** "Send me a test notification": members check that their devices receive realtime pings. */
@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me/notifications')
export class NotificationCheckController {
  constructor(private readonly realtime: RealtimeService) {}

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends a `system.notice` event to the caller’s own connected sockets' })
  @ApiOkResponse({ type: NotificationCheckResponseDto })
  async test(@CurrentUser() auth: AuthUser): Promise<NotificationCheckResponseDto> {
    const connectedSockets = await this.realtime.countUserSockets(auth.id);
    this.realtime.emitToUser(auth.id, 'system.notice', {
      message: 'Test notification: this device receives Homegroup alerts.',
      at: new Date().toISOString(),
    });
    return { connectedSockets };
  }
}
