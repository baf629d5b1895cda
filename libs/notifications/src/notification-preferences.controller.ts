import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { NotificationPreferencesResponseDto } from './dto/notification-preferences.response.dto';
import { UpdateNotificationPreferencesDto } from './dto/update-notification-preferences.dto';
import { NotificationPreferences } from './notification-preferences.service';

@ApiTags('notifications')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferences) {}

  @Get()
  @ApiOperation({ summary: 'Your notification preferences (defaults until you change them)' })
  @ApiOkResponse({ type: NotificationPreferencesResponseDto })
  get(@CurrentUser() auth: AuthUser): Promise<NotificationPreferencesResponseDto> {
    return this.preferences.get(auth.id);
  }

  @Put()
  @ApiOperation({
    summary: 'Set your notification preferences',
    description:
      'showCravingDetails: false (default) keeps lock-screen text neutral ("Sam is asking for a call"); true lets it ' +
      'say "Sam flagged a craving (intensity 7/10)". Notes are never shown on a lock screen. ' +
      'callMeWhenNobodyAnswers (optional, unchanged when absent; default false): a phone call to the number on your ' +
      'profile when an alert of someone you sponsor reaches "nobody has answered"; press 1 to answer it.',
  })
  @ApiOkResponse({ type: NotificationPreferencesResponseDto })
  @ApiBadRequestResponse({ description: 'showCravingDetails or callMeWhenNobodyAnswers must be true or false' })
  @ApiUnprocessableEntityResponse({
    description: 'phone_required: callMeWhenNobodyAnswers turned on without a phone on your profile',
  })
  update(
    @CurrentUser() auth: AuthUser,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesResponseDto> {
    return this.preferences.update(auth.id, dto);
  }
}
