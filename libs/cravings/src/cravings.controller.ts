import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, CurrentUserId, TokenOnly } from '@homegroup/identity';
import { CravingsService } from './cravings.service';
import { AcknowledgeCravingDto } from './dto/acknowledge-craving.dto';
import { CreateCravingDto } from './dto/create-craving.dto';
import {
  CravingAsRecipientResponseDto,
  CravingHistoryResponseDto,
  CravingResponseDto,
} from './dto/craving.response.dto';
import { ListCravingsQueryDto } from './dto/list-cravings.query.dto';
import { ResolveCravingDto } from './dto/resolve-craving.dto';

const CRAVING_ID = {
  name: 'id',
  format: 'uuid',
  description: 'A craving alert of yours, or one sent to you',
} as const;

@ApiTags('cravings')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@ApiExtraModels(CravingResponseDto, CravingAsRecipientResponseDto)
@Controller('cravings')
export class CravingsController {
  constructor(private readonly cravings: CravingsService) {}

  @Post()
  @ApiOperation({
    summary: 'I’m craving: page my sponsor and the contacts who agreed, now',
    description:
      'Persisted before anyone is told; step 0 of your circle gets `craving.alert` at once, the ladder widens while nobody ' +
      'answers. Crisis lines are always in the answer. A second tap within 10 minutes returns your open alert (200, reused: true).',
  })
  @ApiCreatedResponse({ type: CravingResponseDto })
  @ApiOkResponse({
    type: CravingResponseDto,
    description: 'Your alert from the last 10 minutes is still open: reused',
  })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  @ApiTooManyRequestsResponse({ description: 'Many alerts in the last hour' })
  @ApiConflictResponse({
    description: 'Another tap of yours is raising an alert this instant; retry in a second',
  })
  @TokenOnly() // the create's first query reads the member (401 if erased): one round trip less before paging
  async create(
    @CurrentUserId() userId: string,
    @Body() dto: CreateCravingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CravingResponseDto> {
    const result = await this.cravings.create(userId, dto);
    if (!result.created) reply.status(200);
    return result.body;
  }

  @Get()
  @ApiOperation({
    summary: 'Your alerts, newest first, with your patterns (by trigger, hour of day, time in recovery)',
  })
  @ApiOkResponse({ type: CravingHistoryResponseDto })
  history(
    @CurrentUser() auth: AuthUser,
    @Query() query: ListCravingsQueryDto,
  ): Promise<CravingHistoryResponseDto> {
    return this.cravings.history(auth.id, query.cursor, query.limit);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One alert: in full for its owner; for a recipient, who asked and who is responding (never the note)',
  })
  @ApiParam(CRAVING_ID)
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CravingResponseDto) },
        { $ref: getSchemaPath(CravingAsRecipientResponseDto) },
      ],
    },
  })
  @ApiNotFoundResponse({ description: 'Not your alert, and not sent to you' })
  get(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<CravingResponseDto | CravingAsRecipientResponseDto> {
    return this.cravings.get(auth.id, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'I’m responding (idempotent; a second responder is welcome; 409 once resolved)' })
  @ApiParam(CRAVING_ID)
  @ApiOkResponse({ type: CravingAsRecipientResponseDto })
  @ApiNotFoundResponse({ description: 'This alert was not sent to you' })
  @ApiConflictResponse({ description: 'The alert is already resolved: the response was not recorded' })
  @ApiForbiddenResponse({
    description: 'Your own alert: the people you alerted respond to it; resolve it instead',
  })
  acknowledge(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AcknowledgeCravingDto,
  ): Promise<CravingAsRecipientResponseDto> {
    return this.cravings.acknowledge(auth.id, id, dto.message);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'How did it go? passed, struggling or used: no judgement. Share it with your responders if you like',
  })
  @ApiParam(CRAVING_ID)
  @ApiOkResponse({ type: CravingResponseDto })
  @ApiNotFoundResponse({ description: 'Not your alert' })
  resolve(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ResolveCravingDto,
  ): Promise<CravingResponseDto> {
    return this.cravings.resolve(auth.id, id, dto);
  }
}
