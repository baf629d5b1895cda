import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountDataRegistry } from '@homegroup/identity';
import { ContactQueries } from '@homegroup/phone-list';
import { AlertCircleService } from './alert-circle.service';
import type { EscalationPolicyResponseDto, UpdateEscalationPolicyDto } from './dto/escalation-policy.dto';
import { DEFAULT_POLICY, EscalationPolicyEntity } from './entities/escalation-policy.entity';

export type EscalationPolicy = EscalationPolicyResponseDto;

type StoredPolicy = Partial<Omit<EscalationPolicyEntity, 'userId' | 'user' | 'updatedAt'>>;

/** A stored policy (or none) with the defaults filled in. */
export const policyOrDefaults = (row: StoredPolicy | null): EscalationPolicy => ({
  firstResponderIds: row?.firstResponderIds ?? DEFAULT_POLICY.firstResponderIds,
  nextContactsAfterSeconds: row?.nextContactsAfterSeconds ?? DEFAULT_POLICY.nextContactsAfterSeconds,
  everyoneAfterSeconds: row?.everyoneAfterSeconds ?? DEFAULT_POLICY.everyoneAfterSeconds,
  nobodyAnsweredAfterSeconds: row?.nobodyAnsweredAfterSeconds ?? DEFAULT_POLICY.nobodyAnsweredAfterSeconds,
  sponsorBreakthrough: row?.sponsorBreakthrough ?? DEFAULT_POLICY.sponsorBreakthrough,
  overdoseRiskCard: row?.overdoseRiskCard ?? DEFAULT_POLICY.overdoseRiskCard,
});

/** A member's escalation settings (the defaults until they change something). */
@Injectable()
export class EscalationPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly circle: AlertCircleService,
    private readonly contacts: ContactQueries,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('escalationPolicy', async (userId, manager) =>
      manager.findOne(EscalationPolicyEntity, { where: { userId } }),
    );
  }

  async get(userId: string, manager: EntityManager = this.dataSource.manager): Promise<EscalationPolicy> {
    return policyOrDefaults(await manager.findOne(EscalationPolicyEntity, { where: { userId } }));
  }

  async update(userId: string, dto: UpdateEscalationPolicyDto): Promise<EscalationPolicy> {
    const next = { ...(await this.get(userId)), ...dto };
    if (
      next.everyoneAfterSeconds < next.nextContactsAfterSeconds ||
      next.nobodyAnsweredAfterSeconds < next.everyoneAfterSeconds
    ) {
      throw new BadRequestException(
        'The steps must come in order: nextContactsAfterSeconds ≤ everyoneAfterSeconds ≤ nobodyAnsweredAfterSeconds',
      );
    }
    if (dto.firstResponderIds && dto.firstResponderIds.length > 0) {
      const contacts = new Set(
        (await this.circle.circleOf(userId)).filter((m) => m.role === 'contact').map((m) => m.user.id),
      );
      const others = dto.firstResponderIds.filter((id) => !contacts.has(id));
      // People without the app who agreed by text to get the member's alerts can answer first too (ADR 0049).
      const texted = new Set(await this.contacts.consentingOutsideContactIds(userId, others));
      const unknown = others.filter((id) => !texted.has(id));
      if (unknown.length > 0) {
        throw new BadRequestException(
          'firstResponderIds must be phone-list contacts who agreed to receive your alerts (see GET /me/alert-circle), ' +
            `or people without the app who agreed by text (GET /phone-list/outside); not in your circle: ${unknown.join(', ')}`,
        );
      }
      next.firstResponderIds = [...new Set(dto.firstResponderIds)];
    }
    await this.dataSource.manager.upsert(EscalationPolicyEntity, { userId, ...next }, ['userId']);
    return this.get(userId);
  }
}
