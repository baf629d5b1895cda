import { Controller, Ip, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { ContactInvitesService } from './contact-invites.service';
import { ContactResponseDto } from './dto/contact.response.dto';
import { InviteResponseDto } from './dto/invite.response.dto';

@ApiTags('phone-list')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('phone-list/invites')
export class ContactInvitesController {
  constructor(private readonly invites: ContactInvitesService) {}

  @Post()
  @ApiOperation({ summary: 'A one-time code to hand over in person (or as a QR code); it works once, for 24 hours' })
  @ApiCreatedResponse({ type: InviteResponseDto })
  @ApiConflictResponse({ description: 'You already hold 20 unused codes' })
  @ApiTooManyRequestsResponse({ description: 'Too many codes created in the last hour; Retry-After says when to retry' })
  create(@CurrentUser() auth: AuthUser): Promise<InviteResponseDto> {
    return this.invites.create(auth.id);
  }

  @Post(':code/accept')
  @ApiOperation({
    summary:
      'Accept someone’s code: you are now on each other’s phone lists (consent to alerts and phone sharing start off on both sides). ' +
      'Wrong codes are rate limited per member and per network',
  })
  @ApiParam({ name: 'code', example: 'K7P9-XQ2M-HC', description: 'Case, spaces and dashes do not matter' })
  @ApiCreatedResponse({ type: ContactResponseDto, description: 'Your new contact' })
  @ApiBadRequestResponse({ description: 'This is your own code' })
  @ApiNotFoundResponse({ description: 'The code is unknown, used or expired (one answer for all)' })
  @ApiConflictResponse({ description: 'You are already contacts' })
  @ApiTooManyRequestsResponse({ description: 'Too many codes tried; Retry-After says when to retry' })
  accept(@CurrentUser() auth: AuthUser, @Param('code') code: string, @Ip() ip: string): Promise<ContactResponseDto> {
    return this.invites.accept(auth, code.slice(0, 64), ip);
  }
}
