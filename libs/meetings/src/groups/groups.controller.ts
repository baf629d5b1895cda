import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { OptionalAuth } from '@homegroup/operations';
import { AddGroupLeadDto } from './dto/add-group-lead.dto';
import { CreateGroupDto } from './dto/create-group.dto';
import { CreateMeetingDto } from '../schedule/dto/create-meeting.dto';
import { GroupChangeResponseDto } from './dto/group-change.response.dto';
import { GroupLeadResponseDto } from './dto/group-lead.response.dto';
import { GroupResponseDto } from './dto/group.response.dto';
import { MeetingResponseDto } from '../schedule/dto/meeting.response.dto';
import { UpdateGroupDto } from './dto/update-group.dto';
import { GroupsService } from './groups.service';
import { MeetingsService } from '../schedule/meetings.service';

const GROUP_ID = { name: 'groupId', format: 'uuid' } as const;

@ApiTags('meetings')
@ApiBearerAuth('access-token')
@Controller('groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly meetings: MeetingsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a group; you become its lead. Unpublished (seen by its leads only) until published' })
  @ApiCreatedResponse({ type: GroupResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid or the fellowship is unknown (the message names it)' })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  create(@CurrentUser() auth: AuthUser, @Body() dto: CreateGroupDto): Promise<GroupResponseDto> {
    return this.groups.create(auth, dto);
  }

  @Get(':groupId')
  @OptionalAuth()
  @ApiOperation({ summary: 'A group: anyone if published; its leads and admins otherwise' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: GroupResponseDto })
  @ApiNotFoundResponse({ description: 'No such group, or not published' })
  get(@CurrentUser() auth: AuthUser | undefined, @Param('groupId', new ParseUUIDPipe()) id: string): Promise<GroupResponseDto> {
    return this.groups.get(id, auth);
  }

  @Patch(':groupId')
  @ApiOperation({ summary: 'Leads and admins: rename, describe, publish or unpublish (meetings follow at once)' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: GroupResponseDto })
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  @ApiNotFoundResponse({ description: 'No such group, or not published' })
  update(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateGroupDto,
  ): Promise<GroupResponseDto> {
    return this.groups.update(auth, id, dto);
  }

  @Delete(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leads and admins: delete the group with its meetings' })
  @ApiParam(GROUP_ID)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  async remove(@CurrentUser() auth: AuthUser, @Param('groupId', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.groups.remove(auth, id);
  }

  @Get(':groupId/leads')
  @ApiOperation({ summary: 'Leads and admins: who leads the group' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: [GroupLeadResponseDto] })
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  leads(@CurrentUser() auth: AuthUser, @Param('groupId', new ParseUUIDPipe()) id: string): Promise<GroupLeadResponseDto[]> {
    return this.groups.leads(auth, id);
  }

  @Post(':groupId/leads')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leads and admins: add a co-lead (idempotent); answers the leads' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: [GroupLeadResponseDto] })
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  @ApiNotFoundResponse({ description: 'No such group or member' })
  addLead(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) id: string,
    @Body() dto: AddGroupLeadDto,
  ): Promise<GroupLeadResponseDto[]> {
    return this.groups.addLead(auth, id, dto.userId);
  }

  @Delete(':groupId/leads/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leads and admins: remove a lead (a group keeps at least one)' })
  @ApiParam(GROUP_ID)
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  @ApiNotFoundResponse({ description: 'No such group (or not published), or that member is not one of its leads' })
  @ApiConflictResponse({ description: 'The last lead' })
  async removeLead(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ): Promise<void> {
    await this.groups.removeLead(auth, id, userId);
  }

  @Get(':groupId/changes')
  @ApiOperation({ summary: 'Leads and admins: who changed what of the group and its meetings, and when (newest first)' })
  @ApiParam(GROUP_ID)
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ type: [GroupChangeResponseDto] })
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  changes(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) id: string,
    @Query('limit') limit?: string,
  ): Promise<GroupChangeResponseDto[]> {
    const n = Number(limit ?? 50);
    return this.groups.changes(auth, id, Number.isInteger(n) && n >= 1 && n <= 200 ? n : 50);
  }

  @Get(':groupId/meetings')
  @OptionalAuth()
  @ApiOperation({ summary: 'The group’s meetings (published groups: anyone; otherwise its leads and admins)' })
  @ApiParam(GROUP_ID)
  @ApiOkResponse({ type: [MeetingResponseDto] })
  @ApiNotFoundResponse({ description: 'No such group, or not published' })
  listMeetings(
    @CurrentUser() auth: AuthUser | undefined,
    @Param('groupId', new ParseUUIDPipe()) id: string,
  ): Promise<MeetingResponseDto[]> {
    return this.meetings.listForGroup(id, auth);
  }

  @Post(':groupId/meetings')
  @ApiOperation({ summary: 'Leads and admins: add a meeting (times local to its timezone)' })
  @ApiParam(GROUP_ID)
  @ApiCreatedResponse({ type: MeetingResponseDto })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it and says what to do)' })
  @ApiForbiddenResponse({ description: 'Not a lead of this group' })
  @ApiNotFoundResponse({ description: 'No such group, or not published' })
  createMeeting(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return this.meetings.create(auth, id, dto);
  }
}
