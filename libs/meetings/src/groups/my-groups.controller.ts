import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@homegroup/identity';
import { GroupResponseDto } from './dto/group.response.dto';
import { GroupsService } from './groups.service';

@ApiTags('meetings')
@ApiBearerAuth('access-token')
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('me/groups')
export class MyGroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @ApiOperation({ summary: 'The groups you lead' })
  @ApiOkResponse({ type: [GroupResponseDto] })
  mine(@CurrentUser() auth: AuthUser): Promise<GroupResponseDto[]> {
    return this.groups.mine(auth);
  }
}
