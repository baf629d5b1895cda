import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@homegroup/identity';
import { EscalationPolicyResponseDto, UpdateEscalationPolicyDto } from './dto/escalation-policy.dto';
import { EscalationPolicyService } from './escalation-policy.service';

@ApiTags('me')
@ApiBearerAuth('access-token')
@Controller('me/escalation-policy')
export class EscalationPolicyController {
  constructor(private readonly policies: EscalationPolicyService) {}

  @Get()
  @ApiOperation({
    summary: 'Who answers your alerts first, when the alert widens, and your alert preferences',
  })
  @ApiOkResponse({ type: EscalationPolicyResponseDto })
  get(@CurrentUser() auth: AuthUser): Promise<EscalationPolicyResponseDto> {
    return this.policies.get(auth.id);
  }

  @Put()
  @ApiOperation({ summary: 'Change it (alerts already running keep the policy they started with)' })
  @ApiOkResponse({ type: EscalationPolicyResponseDto })
  @ApiBadRequestResponse({
    description: 'A field is not valid, or a first responder is not in your alert circle',
  })
  put(
    @CurrentUser() auth: AuthUser,
    @Body() dto: UpdateEscalationPolicyDto,
  ): Promise<EscalationPolicyResponseDto> {
    return this.policies.update(auth.id, dto);
  }
}
