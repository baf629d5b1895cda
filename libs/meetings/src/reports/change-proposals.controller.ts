import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../entities/meeting-change-proposal.entity';
import { fieldError } from '../meeting-errors';
import { ChangeProposalsService } from './change-proposals.service';
import { ChangeProposalResponseDto } from './dto/change-proposal.response.dto';
import { CreateChangeProposalDto } from './dto/create-change-proposal.dto';
import { listLimit } from './listing-reports.controller';

const PROPOSAL_ID = { name: 'id', format: 'uuid' } as const;

@ApiTags('meetings')
@ApiBearerAuth('access-token')
@Controller()
export class ChangeProposalsController {
  constructor(private readonly proposals: ChangeProposalsService) {}

  @Post('meetings/:id/proposals')
  @ApiOperation({ summary: 'Propose a correction of a listing, field by field, with a note; its leads approve or reject it' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: ChangeProposalResponseDto })
  @ApiBadRequestResponse({ description: 'A change breaks the listing’s rules (the message names it), nothing differs, or no note' })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  @ApiTooManyRequestsResponse({ description: 'Too many proposals in the last hour; Retry-After says when to retry' })
  propose(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateChangeProposalDto,
  ): Promise<ChangeProposalResponseDto> {
    return this.proposals.propose(auth, id, dto);
  }

  @Get('groups/:groupId/proposals')
  @ApiOperation({ summary: 'The group’s leads (admins when it has none): change proposals, pending first' })
  @ApiParam({ name: 'groupId', format: 'uuid' })
  @ApiQuery({ name: 'status', required: false, enum: PROPOSAL_STATUSES })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ type: [ChangeProposalResponseDto] })
  @ApiBadRequestResponse({ description: 'status is not one of pending, approved, rejected' })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such group, or you may not decide its proposals' })
  ofGroup(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ): Promise<ChangeProposalResponseDto[]> {
    if (status !== undefined && !(PROPOSAL_STATUSES as readonly string[]).includes(status)) {
      throw fieldError('status', `status must be one of ${PROPOSAL_STATUSES.join(', ')}`);
    }
    return this.proposals.ofGroup(auth, groupId, status as ProposalStatus | undefined, listLimit(limit));
  }

  @Post('proposals/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The group’s leads: apply the proposal (same rules as PATCH /meetings/{id}; logged with before and after)' })
  @ApiParam(PROPOSAL_ID)
  @ApiOkResponse({ type: ChangeProposalResponseDto })
  @ApiBadRequestResponse({ description: 'The change no longer fits the listing’s rules (the message names the field)' })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such proposal, or you may not decide it' })
  @ApiConflictResponse({ description: 'Already decided, or a field it changes was changed since (stale)' })
  approve(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChangeProposalResponseDto> {
    return this.proposals.approve(auth, id);
  }

  @Post('proposals/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The group’s leads: reject the proposal (the listing stays as it is)' })
  @ApiParam(PROPOSAL_ID)
  @ApiOkResponse({ type: ChangeProposalResponseDto })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such proposal, or you may not decide it' })
  @ApiConflictResponse({ description: 'Already decided' })
  reject(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChangeProposalResponseDto> {
    return this.proposals.reject(auth, id);
  }
}
