import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { ImportMeetingGuideDto } from './dto/import-meeting-guide.dto';
import { ImportReportResponseDto } from './dto/import-report.response.dto';
import { MeetingImportService } from './meeting-import.service';

/** A feed of thousands of meetings is megabytes; the rest of the API keeps the small default. */
export const IMPORT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

@ApiTags('meeting feeds')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('imports')
export class MeetingImportsController {
  constructor(private readonly imports: MeetingImportService) {}

  @Post('meeting-guide')
  @HttpCode(200)
  @RouteConfig({ bodyLimit: IMPORT_BODY_LIMIT_BYTES })
  @ApiOperation({
    summary:
      'Admins (a whole feed) or a lead (into their group, groupId): import a Meeting Guide JSON feed. Idempotent per ' +
      'source and slug; each bad row is rejected with its reason and never stops the others; meetings gone from the ' +
      'feed are reported, not deleted',
  })
  @ApiOkResponse({ type: ImportReportResponseDto })
  @ApiBadRequestResponse({ description: 'The body is not an import (the message names the field)' })
  @ApiForbiddenResponse({ description: 'Not an admin, and not a lead of groupId' })
  @ApiNotFoundResponse({ description: 'groupId is no group the caller can see (none, or not published and not theirs)' })
  @ApiPayloadTooLargeResponse({ description: `More than ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB` })
  importMeetingGuide(@CurrentUser() auth: AuthUser, @Body() dto: ImportMeetingGuideDto): Promise<ImportReportResponseDto> {
    return this.imports.importFeed({ auth, actorId: auth.id }, dto);
  }
}
