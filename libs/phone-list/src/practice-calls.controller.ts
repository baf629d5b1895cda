import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
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
import { ListPracticeCallsQueryDto } from './dto/list-practice-calls.query.dto';
import { LogPracticeCallDto } from './dto/log-practice-call.dto';
import { NextContactResponseDto } from './dto/next-contact.response.dto';
import { PracticeCallResponseDto } from './dto/practice-call.response.dto';
import { PracticeCallsPageResponseDto } from './dto/practice-calls-page.response.dto';
import { PracticeSettingsDto } from './dto/practice-settings.dto';
import { PracticeSettingsResponseDto } from './dto/practice-settings.response.dto';
import { PracticeCallsService } from './practice-calls.service';

const CALL_ID = { name: 'id', format: 'uuid', description: 'A practice call of yours' } as const;

@ApiTags('practice-calls')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('practice-calls')
export class PracticeCallsController {
  constructor(private readonly calls: PracticeCallsService) {}

  @Post()
  @ApiOperation({ summary: 'Log a practice call to one of your contacts (never raises an alert; only you see it)' })
  @ApiCreatedResponse({ type: PracticeCallResponseDto })
  @ApiNotFoundResponse({ description: 'contactId is not one of your contacts' })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  log(@CurrentUser() auth: AuthUser, @Body() dto: LogPracticeCallDto): Promise<PracticeCallResponseDto> {
    return this.calls.log(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your practice calls (newest first), daily goal and streak, counted in your own time zone' })
  @ApiOkResponse({ type: PracticeCallsPageResponseDto })
  @ApiBadRequestResponse({ description: 'cursor or limit is not valid' })
  history(@CurrentUser() auth: AuthUser, @Query() query: ListPracticeCallsQueryDto): Promise<PracticeCallsPageResponseDto> {
    return this.calls.history(auth, query.cursor, query.limit);
  }

  @Get('next')
  @ApiOperation({
    summary:
      'Who to call next: a contact inside their own available hours now, the one you called least recently (never called first). ' +
      'Always 200: `contact` is null with a `reason` (no_contacts, nobody_available) when there is nobody to suggest',
  })
  @ApiOkResponse({ type: NextContactResponseDto })
  next(@CurrentUser() auth: AuthUser): Promise<NextContactResponseDto> {
    return this.calls.next(auth.id);
  }

  @Get('settings')
  @ApiOperation({ summary: 'Your daily goal and reminder time' })
  @ApiOkResponse({ type: PracticeSettingsResponseDto })
  settings(@CurrentUser() auth: AuthUser): Promise<PracticeSettingsResponseDto> {
    return this.calls.settings(auth.id);
  }

  @Put('settings')
  @ApiOperation({
    summary: 'Set your daily goal (1–10) and a daily reminder at a local time (sent when you have not reached the goal yet)',
  })
  @ApiOkResponse({ type: PracticeSettingsResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  updateSettings(@CurrentUser() auth: AuthUser, @Body() dto: PracticeSettingsDto): Promise<PracticeSettingsResponseDto> {
    return this.calls.updateSettings(auth.id, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your practice calls' })
  @ApiParam(CALL_ID)
  @ApiOkResponse({ type: PracticeCallResponseDto })
  @ApiNotFoundResponse({ description: 'Not one of your practice calls' })
  get(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<PracticeCallResponseDto> {
    return this.calls.get(auth.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your practice calls (e.g. logged by mistake)' })
  @ApiParam(CALL_ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not one of your practice calls' })
  async delete(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.calls.delete(auth.id, id);
  }
}
