import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTooManyRequestsResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { CreateOutsideContactDto, UpdateOutsideContactDto } from './dto/outside-contact.dto';
import { OutsideContactResponseDto } from './dto/outside-contact.response.dto';
import { ConsentAskResponseDto } from './dto/consent-ask.response.dto';
import { CONSENT_ASKS_PER_MEMBER_PER_DAY, OutsideConsentService } from './outside-consent.service';
import { OUTSIDE_CONTACTS_PER_OWNER } from './entities/outside-contact.entity';
import { OutsideContactsService } from './outside-contacts.service';

const OUTSIDE_ID = {
  name: 'id',
  format: 'uuid',
  description: 'Your outsideContactId (from GET /phone-list/outside)',
} as const;

/** People without the app on the caller's phone list (ADR 0045). A static segment: `/phone-list/:contactId` never sees it. */
@ApiTags('phone-list')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('phone-list/outside')
export class OutsideContactsController {
  constructor(
    private readonly contacts: OutsideContactsService,
    private readonly consent: OutsideConsentService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Add someone without the app to your phone list (only you see them). A national number is read in your profile’s country',
  })
  @ApiCreatedResponse({ type: OutsideContactResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  @ApiNotFoundResponse({ description: 'meetingId is not a meeting you can see' })
  @ApiConflictResponse({ description: 'This number is already on your phone list' })
  @ApiUnprocessableEntityResponse({
    description: `You already hold ${OUTSIDE_CONTACTS_PER_OWNER} people without the app`,
  })
  create(
    @CurrentUser() auth: AuthUser,
    @Body() dto: CreateOutsideContactDto,
  ): Promise<OutsideContactResponseDto> {
    return this.contacts.create(auth, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The people without the app on your phone list, by name (at most 200: not paged)',
  })
  @ApiOkResponse({ type: [OutsideContactResponseDto] })
  list(@CurrentUser() auth: AuthUser): Promise<OutsideContactResponseDto[]> {
    return this.contacts.list(auth.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the people without the app on your phone list' })
  @ApiParam(OUTSIDE_ID)
  @ApiOkResponse({ type: OutsideContactResponseDto })
  @ApiNotFoundResponse({ description: 'Not on your phone list' })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  get(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<OutsideContactResponseDto> {
    return this.contacts.get(auth.id, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change their name, number, meeting or notes. A new number resets alertConsent to none: consent belongs to a number',
  })
  @ApiParam(OUTSIDE_ID)
  @ApiOkResponse({ type: OutsideContactResponseDto })
  @ApiNotFoundResponse({ description: 'Not on your phone list, or meetingId is not a meeting you can see' })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  @ApiConflictResponse({ description: 'This number is already on your phone list' })
  update(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOutsideContactDto,
  ): Promise<OutsideContactResponseDto> {
    return this.contacts.update(auth, id, dto);
  }

  @Post(':id/ask-consent')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Ask them by text whether they want a text when you could use a call (ADR 0048). The text names you and asks them to reply YES (or STOP); their answer reaches you as a phone-list.outside-consent event',
  })
  @ApiParam(OUTSIDE_ID)
  @ApiAcceptedResponse({ type: ConsentAskResponseDto, description: 'The text went; they are now asked' })
  @ApiNotFoundResponse({ description: 'Not on your phone list' })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiConflictResponse({
    description:
      'consent_already_given (they agreed already), consent_opted_out (they stopped texts from Homegroup), sms_opted_out, consent_number_changed',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'sms_not_delivered (the text could not be sent; nothing changed), sms_country_not_allowed, sms_invalid_number',
  })
  @ApiTooManyRequestsResponse({
    description: `consent_asked_recently (asked less than 24 hours ago), consent_daily_limit (${CONSENT_ASKS_PER_MEMBER_PER_DAY} people in 24 hours), sms_member_daily_limit, sms_recipient_daily_limit; with Retry-After`,
  })
  askConsent(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ConsentAskResponseDto> {
    return this.consent.ask(auth, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove them from your phone list (your practice calls to them stay in your history)',
  })
  @ApiParam(OUTSIDE_ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not on your phone list' })
  async remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.contacts.remove(auth.id, id);
  }
}
