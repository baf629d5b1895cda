import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { QUEUES } from '@homegroup/contracts';
import { AccountDataRegistry } from '@homegroup/identity';
import { JobsService } from '@homegroup/jobs';
import { CravingBlocksService } from './craving-blocks.service';
import { CravingErasureRepository } from './craving-erasure.repository';

/** The queues whose payloads name an alert (`cravingId`). */
const ALERT_QUEUES = [QUEUES.cravingEscalation, QUEUES.cravingCheckin, QUEUES.cravingAutoResolve];

/**
 * What erasing a member does to craving data, in the erasure's transaction (ADR 0038). Their alerts, recipient rows,
 * policy and reuse windows go by foreign key; this removes what no foreign key reaches:
 * - the timers of their alerts (pg-boss jobs, also completed and archived ones: their payload holds the alert id);
 * - their place on other members' open alerts: an alert they alone acknowledged is unanswered again and its
 *   escalation goes on (as after a block, ADR 0018);
 * - their id in other members' first responders.
 */
@Injectable()
export class CravingErasureService {
  constructor(
    private readonly repository: CravingErasureRepository,
    private readonly blocks: CravingBlocksService,
    private readonly jobs: JobsService,
    registry: AccountDataRegistry,
  ) {
    registry.onAccountErasing((manager, userId) => this.erase(manager, userId));
  }

  async erase(manager: EntityManager, userId: string): Promise<void> {
    const owned = await this.repository.ownedIds(manager, userId);
    await this.jobs.deleteJobsWhere(manager, ALERT_QUEUES, 'cravingId', owned);
    const lostAcknowledgement = await this.repository.removeFromOpenAlerts(manager, userId);
    await this.blocks.reopenUnanswered(manager, lostAcknowledgement);
    await this.repository.forgetFirstResponder(manager, userId);
  }
}
