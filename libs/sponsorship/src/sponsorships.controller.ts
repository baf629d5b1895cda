import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { CreateSponsorshipDto } from './dto/create-sponsorship.dto';
import { ListSponsorshipsQueryDto } from './dto/list-sponsorships.query.dto';
import { ReviewSponsorshipDto } from './dto/review-sponsorship.dto';
import { SponsorshipConflictResponseDto } from './dto/sponsorship-conflict.response.dto';
import { SponsorshipResponseDto } from './dto/sponsorship.response.dto';
import { SponsorshipsService } from './sponsorships.service';

/** A malformed id cannot be anyone's sponsorship: 404 like any other id that is not yours. */
const idPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such sponsorship') });

@ApiTags('sponsorship')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('sponsorships')
export class SponsorshipsController {
  constructor(private readonly sponsorships: SponsorshipsService) {}

  @Post()
  @ApiOperation({ summary: 'Ask a member to sponsor you (the sponsee asks; requests expire after 30 days)' })
  @ApiCreatedResponse({ type: SponsorshipResponseDto })
  @ApiBadRequestResponse({ description: 'Yourself, or the fellowship is missing, unknown or not shared' })
  @ApiNotFoundResponse({ description: 'The member is not available as a sponsor' })
  @ApiConflictResponse({
    description: 'The sponsor has no room, or a request between you two is already pending',
  })
  @ApiUnprocessableEntityResponse({
    description: 'The fellowship has no sponsors (SMART Recovery) or no such relationship kind',
  })
  request(@CurrentUser() auth: AuthUser, @Body() dto: CreateSponsorshipDto): Promise<SponsorshipResponseDto> {
    return this.sponsorships.request(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your sponsorships on both sides (role says which), newest first' })
  @ApiOkResponse({ type: [SponsorshipResponseDto] })
  list(
    @CurrentUser() auth: AuthUser,
    @Query() query: ListSponsorshipsQueryDto,
  ): Promise<SponsorshipResponseDto[]> {
    return this.sponsorships.list(auth.id, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your sponsorships' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  get(@CurrentUser() auth: AuthUser, @Param('id', idPipe) id: string): Promise<SponsorshipResponseDto> {
    return this.sponsorships.get(auth.id, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The sponsor accepts a pending request (within their capacity)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  @ApiConflictResponse({
    type: SponsorshipConflictResponseDto,
    description: 'Not pending, not yours to accept, or at capacity',
  })
  accept(@CurrentUser() auth: AuthUser, @Param('id', idPipe) id: string): Promise<SponsorshipResponseDto> {
    return this.sponsorships.accept(auth, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The sponsor declines a pending request (no reason needed)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  @ApiConflictResponse({
    type: SponsorshipConflictResponseDto,
    description: 'Not pending, or not yours to decline',
  })
  decline(@CurrentUser() auth: AuthUser, @Param('id', idPipe) id: string): Promise<SponsorshipResponseDto> {
    return this.sponsorships.decline(auth, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The sponsee withdraws their pending request' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  @ApiConflictResponse({
    type: SponsorshipConflictResponseDto,
    description: 'Not pending, or not yours to withdraw',
  })
  withdraw(@CurrentUser() auth: AuthUser, @Param('id', idPipe) id: string): Promise<SponsorshipResponseDto> {
    return this.sponsorships.withdraw(auth, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Either side ends an active sponsorship; the sponsor leaves your alert circle at once',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  @ApiConflictResponse({ type: SponsorshipConflictResponseDto, description: 'Not active' })
  end(@CurrentUser() auth: AuthUser, @Param('id', idPipe) id: string): Promise<SponsorshipResponseDto> {
    return this.sponsorships.end(auth, id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Either side answers a temporary sponsorship’s review (any time while it is active): continue with a next ' +
      'review date, or make it the sponsee’s primary sponsor in the fellowship',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SponsorshipResponseDto })
  @ApiBadRequestResponse({
    description: 'The body is not valid (decision, reviewInDays 7–365, reviewInDays with make_primary)',
  })
  @ApiNotFoundResponse({ description: 'No such sponsorship, or you are not one of its two members' })
  @ApiConflictResponse({
    type: SponsorshipConflictResponseDto,
    description:
      'Not active, not temporary (already primary), or make_primary while the sponsee has an active primary sponsor ' +
      'in that fellowship',
  })
  review(
    @CurrentUser() auth: AuthUser,
    @Param('id', idPipe) id: string,
    @Body() dto: ReviewSponsorshipDto,
  ): Promise<SponsorshipResponseDto> {
    return this.sponsorships.review(auth, id, dto);
  }
}
