import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@homegroup/operations';
import type { AuthUser } from './auth-user';
import { BlockedMember, BlocksService } from './blocks.service';
import { CurrentUser } from './decorators/current-user.decorator';
import { BlockMemberDto } from './dto/block-member.dto';

class BlockedUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}

/** One member the caller blocked. */
export class BlockedMemberResponseDto {
  @ApiProperty({ type: BlockedUserDto })
  user: BlockedUserDto;

  @ApiProperty({ format: 'date-time' })
  blockedAt: string;
}

@ApiTags('blocks')
@ApiBearerAuth('access-token')
@Controller('blocks')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Block a member: they stop finding you, cannot ask you to sponsor them, and any contact link ends' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  async block(@CurrentUser() auth: AuthUser, @Body() dto: BlockMemberDto): Promise<void> {
    await this.blocks.block(auth.id, dto.userId);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unblock a member (contact links do not come back by themselves)' })
  @ApiNoContentResponse()
  async unblock(@CurrentUser() auth: AuthUser, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    await this.blocks.unblock(auth.id, userId);
  }

  @Get()
  @ApiOperation({ summary: 'The members you blocked' })
  @ApiOkResponse({ type: [BlockedMemberResponseDto] })
  list(@CurrentUser() auth: AuthUser): Promise<BlockedMember[]> {
    return this.blocks.list(auth.id);
  }
}
