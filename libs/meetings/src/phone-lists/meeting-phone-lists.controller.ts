import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { CreateContactRequestDto } from './dto/create-contact-request.dto';
import { MeetingContactRequestResponseDto } from './dto/meeting-contact-request.response.dto';
import { MeetingContactRequestsResponseDto } from './dto/meeting-contact-requests.response.dto';
import { PhoneListMemberResponseDto } from './dto/phone-list-member.response.dto';
import { MeetingPhoneListsService } from './meeting-phone-lists.service';

const MEETING_ID = { name: 'id', format: 'uuid' } as const;
const REQUEST_ID = { name: 'requestId', format: 'uuid' } as const;

@ApiTags('meeting phone lists')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller()
export class MeetingPhoneListsController {
  constructor(private readonly lists: MeetingPhoneListsService) {}

  @Post('meetings/:id/phone-list')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put your name on the meeting’s phone list (idempotent); answers the list as you now see it' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: [PhoneListMemberResponseDto] })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  join(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PhoneListMemberResponseDto[]> {
    return this.lists.join(auth, id);
  }

  @Delete('meetings/:id/phone-list')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take your name off (your pending requests from this list are withdrawn; existing contacts stay)' })
  @ApiParam(MEETING_ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not on the list' })
  async leave(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.lists.leave(auth, id);
  }

  @Get('meetings/:id/phone-list')
  @ApiOperation({ summary: 'Who is on the meeting’s phone list (display names only); for members on it' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: [PhoneListMemberResponseDto] })
  @ApiForbiddenResponse({ description: 'You are not on the list' })
  members(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PhoneListMemberResponseDto[]> {
    return this.lists.members(auth, id);
  }

  @Post('meetings/:id/phone-list/requests')
  @ApiOperation({
    summary:
      'Ask someone on the same list to be on each other’s phone lists. If they already asked you, this accepts theirs ' +
      '(status accepted, with your contactId)',
  })
  @ApiParam(MEETING_ID)
  @ApiCreatedResponse({ type: MeetingContactRequestResponseDto })
  @ApiBadRequestResponse({ description: 'That is you' })
  @ApiForbiddenResponse({ description: 'You are not on the list' })
  @ApiNotFoundResponse({ description: 'They are not on the list' })
  @ApiConflictResponse({ description: 'Already linked, or already asked' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests this hour' })
  request(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateContactRequestDto,
  ): Promise<MeetingContactRequestResponseDto> {
    return this.lists.request(auth, id, dto.userId);
  }

  @Get('me/meeting-contact-requests')
  @ApiOperation({ summary: 'Your pending contact requests from meeting phone lists, both ways' })
  @ApiOkResponse({ type: MeetingContactRequestsResponseDto })
  pending(@CurrentUser() auth: AuthUser): Promise<MeetingContactRequestsResponseDto> {
    return this.lists.pending(auth);
  }

  @Post('meeting-contact-requests/:requestId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The recipient: yes. Both of you now hold each other as contacts (consent and phone sharing off)' })
  @ApiParam(REQUEST_ID)
  @ApiOkResponse({ type: MeetingContactRequestResponseDto })
  @ApiNotFoundResponse({ description: 'Not a request to you' })
  @ApiConflictResponse({ description: 'Already answered or withdrawn' })
  accept(@CurrentUser() auth: AuthUser, @Param('requestId', new ParseUUIDPipe()) id: string): Promise<MeetingContactRequestResponseDto> {
    return this.lists.accept(auth, id);
  }

  @Post('meeting-contact-requests/:requestId/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The recipient: no (no reason needed)' })
  @ApiParam(REQUEST_ID)
  @ApiOkResponse({ type: MeetingContactRequestResponseDto })
  @ApiNotFoundResponse({ description: 'Not a request to you' })
  @ApiConflictResponse({ description: 'Already answered or withdrawn' })
  decline(@CurrentUser() auth: AuthUser, @Param('requestId', new ParseUUIDPipe()) id: string): Promise<MeetingContactRequestResponseDto> {
    return this.lists.decline(auth, id);
  }

  @Post('meeting-contact-requests/:requestId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The requester: take it back' })
  @ApiParam(REQUEST_ID)
  @ApiOkResponse({ type: MeetingContactRequestResponseDto })
  @ApiNotFoundResponse({ description: 'Not your request' })
  @ApiConflictResponse({ description: 'Already answered or withdrawn' })
  withdraw(@CurrentUser() auth: AuthUser, @Param('requestId', new ParseUUIDPipe()) id: string): Promise<MeetingContactRequestResponseDto> {
    return this.lists.withdraw(auth, id);
  }
}
