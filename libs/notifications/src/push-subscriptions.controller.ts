import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { CreatePushSubscriptionDto } from './dto/create-push-subscription.dto';
import { PushSubscriptionResponseDto } from './dto/push-subscription.response.dto';
import { PushSubscriptionsService } from './push-subscriptions.service';

@ApiTags('notifications')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('me/push-subscriptions')
export class PushSubscriptionsController {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Post()
  @ApiOperation({
    summary: 'Register this browser for push notifications (the JSON of its PushSubscription)',
    description:
      'Idempotent per endpoint: registering the same endpoint again updates its keys. An endpoint registered by ' +
      'another account (a shared device) moves to yours. At most 10 per member: the least recently used goes. ' +
      'Pushes reach you when you have no live connection to Homegroup.',
  })
  @ApiCreatedResponse({ type: PushSubscriptionResponseDto })
  @ApiBadRequestResponse({ description: 'endpoint or keys are not those of a browser push subscription' })
  subscribe(
    @CurrentUser() auth: AuthUser,
    @Body() dto: CreatePushSubscriptionDto,
  ): Promise<PushSubscriptionResponseDto> {
    return this.subscriptions.subscribe(auth.id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your push subscriptions, each shown by the origin of its push service' })
  @ApiOkResponse({ type: PushSubscriptionResponseDto, isArray: true })
  list(@CurrentUser() auth: AuthUser): Promise<PushSubscriptionResponseDto[]> {
    return this.subscriptions.list(auth.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Stop push notifications to one of your subscriptions (e.g. a device you no longer use)',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'One of your push subscriptions' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not one of your push subscriptions' })
  async remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.subscriptions.remove(auth.id, id);
  }
}
