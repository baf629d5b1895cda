import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import { AlertCircleService } from './alert-circle.service';
import { AlertCircleResponseDto } from './dto/alert-circle.response.dto';

@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me/alert-circle')
export class AlertCircleController {
  constructor(
    private readonly circle: AlertCircleService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Exactly who would be pinged if you flagged a craving now, in order',
    description:
      'Your active sponsors (primary first, then temporary), then the phone-list contacts who agreed to receive ' +
      'your alerts, most recently practice-called first. Nobody else, ever.',
  })
  @ApiOkResponse({ type: AlertCircleResponseDto })
  async get(@CurrentUser() auth: AuthUser): Promise<AlertCircleResponseDto> {
    const at = this.clock.now();
    return AlertCircleResponseDto.from(await this.circle.circleOf(auth.id, at), at);
  }
}
