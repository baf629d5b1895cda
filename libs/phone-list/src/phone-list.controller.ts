import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { ContactsService } from './contacts.service';
import { ContactResponseDto } from './dto/contact.response.dto';
import { UpdateContactDto } from './dto/update-contact.dto';

const CONTACT_ID = { name: 'contactId', format: 'uuid', description: 'Your contactId (from GET /phone-list)' } as const;

@ApiTags('phone-list')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('phone-list')
export class PhoneListController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your phone list: each contact with your settings, theirs toward you, and their phone only where they share it',
  })
  @ApiOkResponse({ type: [ContactResponseDto] })
  list(@CurrentUser() auth: AuthUser): Promise<ContactResponseDto[]> {
    return this.contacts.list(auth.id);
  }

  @Get(':contactId')
  @ApiOperation({ summary: 'One of your contacts' })
  @ApiParam(CONTACT_ID)
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiNotFoundResponse({ description: 'Not one of your contacts' })
  @ApiBadRequestResponse({ description: 'contactId is not a UUID' })
  get(
    @CurrentUser() auth: AuthUser,
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
  ): Promise<ContactResponseDto> {
    return this.contacts.get(auth.id, contactId);
  }

  @Patch(':contactId')
  @ApiOperation({
    summary:
      'Your own settings toward this contact: consent to receive their craving alerts, phone sharing, when they may call you. ' +
      'A change of consent is in force at once and the contact gets `contact.consent-changed`',
  })
  @ApiParam(CONTACT_ID)
  @ApiOkResponse({ type: ContactResponseDto })
  @ApiNotFoundResponse({ description: 'Not one of your contacts' })
  @ApiBadRequestResponse({ description: 'A field is not valid (the message names it)' })
  update(
    @CurrentUser() auth: AuthUser,
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactResponseDto> {
    return this.contacts.update(auth, contactId, dto);
  }

  @Delete(':contactId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove this contact for both of you; they get `contact.removed`' })
  @ApiParam(CONTACT_ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not one of your contacts' })
  async remove(@CurrentUser() auth: AuthUser, @Param('contactId', new ParseUUIDPipe()) contactId: string): Promise<void> {
    await this.contacts.remove(auth.id, contactId);
  }
}
