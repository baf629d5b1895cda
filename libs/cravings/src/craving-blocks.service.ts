import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { QUEUES } from '@homegroup/contracts';
import { AccountDataRegistry } from '@homegroup/identity';
import { JobsService } from '@homegroup/jobs';
import { Clock } from '@homegroup/operations';
import { CravingBlocksRepository } from './craving-blocks.repository';
import { nextStep } from './ladder';

/**
 * What a block does to open alerts, in the block's transaction (ADR 0018): neither member stays on the other's
 * open alerts, so the blocked member no longer sees the blocker's alert (404) nor is paged by its later steps,
 * and the blocker is not paged by the blocked member's. An alert whose only acknowledgement came from the
 * removed member is unanswered again, and its escalation goes on (the next step's timer is written anew).
 */
@Injectable()
export class CravingBlocksService {
  constructor(
    private readonly repository: CravingBlocksRepository,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.onMemberBlocked((manager, blockerId, blockedId) => this.separate(manager, blockerId, blockedId));
  }

  async separate(manager: EntityManager, blockerId: string, blockedId: string): Promise<void> {
    const lostAcknowledgement = await this.repository.removeFromOpenAlerts(manager, blockerId, blockedId);
    await this.reopenUnanswered(manager, lostAcknowledgement);
  }

  /**
   * Alerts that lost an acknowledgement with a removed recipient (a block, an erasure): back to unanswered when
   * none is left, and their escalation goes on from the step it stopped at. In the caller's transaction.
   */
  async reopenUnanswered(manager: EntityManager, lostAcknowledgement: string[]): Promise<void> {
    if (lostAcknowledgement.length === 0) return;
    const reopened = await this.repository.reopenUnanswered(manager, lostAcknowledgement);
    const now = this.clock.now();
    // The chain stopped at the acknowledgement (a step that finds the alert acknowledged writes no next timer):
    // write the next step's timer again. A step job that runs twice changes nothing (conditional update).
    const specs = reopened.flatMap((alert) => {
      const next = nextStep(alert.policy, alert.step, alert.createdAt, now);
      return next
        ? [
            {
              queue: QUEUES.cravingEscalation,
              payload: { cravingId: alert.id, step: next.step },
              startAfterSeconds: next.startAfterSeconds,
            },
          ]
        : [];
    });
    if (specs.length === 0) return;
    const jobs = await this.jobs.insertFragment(specs, 1);
    await this.repository.insertJobs(manager, jobs.sql, jobs.params);
  }
}
