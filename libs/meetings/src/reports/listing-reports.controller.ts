import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { CreateMeetingReportDto } from './dto/create-meeting-report.dto';
import { MeetingReportReceiptResponseDto, MeetingReportResponseDto } from './dto/meeting-report.response.dto';
import { ListingReportsService } from './listing-reports.service';

export const listLimit = (limit: string | undefined): number => {
  const n = Number(limit ?? 50);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 50;
};

@ApiTags('meetings')
@ApiBearerAuth('access-token')
@Controller()
export class ListingReportsController {
  constructor(private readonly reports: ListingReportsService) {}

  @Post('meetings/:id/reports')
  @ApiOperation({
    summary: 'Report a wrong listing in one tap (one per meeting a week); its leads are told, and enough members within two weeks mark it reported',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: MeetingReportReceiptResponseDto })
  @ApiBadRequestResponse({ description: 'reason is not one of the four, or the note is too long' })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such meeting, or its group is not published' })
  @ApiConflictResponse({ description: 'You already reported this meeting this week' })
  @ApiTooManyRequestsResponse({ description: 'Too many reports in the last hour; Retry-After says when to retry' })
  report(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateMeetingReportDto,
  ): Promise<MeetingReportReceiptResponseDto> {
    return this.reports.report(auth, id, dto);
  }

  @Get('groups/:groupId/reports')
  @ApiOperation({ summary: 'Leads and admins: members’ reports of the group’s meetings (open first, newest first; never who)' })
  @ApiParam({ name: 'groupId', format: 'uuid' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiOkResponse({ type: [MeetingReportResponseDto] })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  @ApiNotFoundResponse({ description: 'No such group, or you are not one of its leads' })
  ofGroup(
    @CurrentUser() auth: AuthUser,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Query('limit') limit?: string,
  ): Promise<MeetingReportResponseDto[]> {
    return this.reports.ofGroup(auth, groupId, listLimit(limit));
  }
}
