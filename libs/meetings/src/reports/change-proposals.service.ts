import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@homegroup/identity';
import { Clock, RateLimiterService, type RateLimitRule } from '@homegroup/operations';
import { RealtimeService } from '@homegroup/realtime';
import { isAdmin } from '../groups/group-access.service';
import { GroupsRepository } from '../groups/groups.repository';
import { fieldError, groupNotFound } from '../meeting-errors';
import type { ProposalStatus } from '../entities/meeting-change-proposal.entity';
import { changedFields, fieldValues } from '../schedule/meeting-writer.service';
import { MeetingsService } from '../schedule/meetings.service';
import { ChangeProposalsRepository, type ProposalRow } from './change-proposals.repository';
import type { ChangeProposalResponseDto } from './dto/change-proposal.response.dto';
import type { CreateChangeProposalDto } from './dto/create-change-proposal.dto';

/** Proposals a member may send in an hour. */
export const PROPOSALS_PER_MEMBER: RateLimitRule = { name: 'meeting-proposal-member', points: 10, windowSeconds: 3600 };

const proposalNotFound = (): NotFoundException => new NotFoundException('No such change proposal; check the id');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const pick = (values: Record<string, unknown>, fields: string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((f) => [f, values[f]]));

function view(p: ProposalRow): ChangeProposalResponseDto {
  return {
    id: p.id,
    meetingId: p.meetingId,
    meetingName: p.meetingName,
    groupId: p.groupId,
    proposedBy: p.proposedBy,
    changes: p.changes,
    fields: p.fields,
    note: p.note,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    decidedAt: p.decidedAt ? p.decidedAt.toISOString() : null,
    decidedBy: p.decidedBy,
  };
}

/**
 * Anyone signed in proposes a correction of a listing they can see, field by field, with a note (ADR 0042). The
 * group's leads decide (admins only for a group without leads); everyone else gets 404. Approving applies the
 * change as a lead's PATCH would, unless a touched field changed since the proposal (409: stale).
 */
@Injectable()
export class ChangeProposalsService {
  constructor(
    private readonly proposals: ChangeProposalsRepository,
    private readonly meetings: MeetingsService,
    private readonly groups: GroupsRepository,
    private readonly limiter: RateLimiterService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
  ) {}

  async propose(auth: AuthUser, meetingId: string, dto: CreateChangeProposalDto): Promise<ChangeProposalResponseDto> {
    const record = await this.meetings.readable(meetingId, auth); // 404 when the caller may not see it
    await this.limiter.consume(PROPOSALS_PER_MEMBER, auth.id, 'You proposed many changes in the last hour.');
    const changes = JSON.parse(JSON.stringify(dto.changes ?? {})) as Record<string, unknown>;
    let values;
    try {
      values = await this.meetings.preview(record, changes);
    } catch (error) {
      // The same rules as a lead's edit; the field is named inside `changes`.
      const response = (error as { getResponse?: () => unknown }).getResponse?.() as { fields?: { field: string }[] } | undefined;
      if (response?.fields) for (const f of response.fields) f.field = `changes.${f.field}`;
      throw error;
    }
    const fields = changedFields(record, values);
    if (fields.length === 0) throw fieldError('changes', 'changes must differ from the listing in at least one field');
    const id = await this.proposals.insert({
      groupId: record.groupId,
      meetingId,
      proposerId: auth.id,
      changes,
      fields,
      base: pick(fieldValues(record), fields),
      note: dto.note,
      at: this.clock.now(),
    });
    for (const leadId of await this.proposals.leadIds(record.groupId)) {
      this.realtime.emitToUser(leadId, 'listing.change-proposed', {
        groupId: record.groupId,
        proposalId: id,
        meeting: { id: record.id, name: record.name },
        fields,
      });
    }
    return view((await this.proposals.find(id)) as ProposalRow);
  }

  async ofGroup(auth: AuthUser, groupId: string, status: ProposalStatus | undefined, limit: number): Promise<ChangeProposalResponseDto[]> {
    if (!(await this.mayDecide(groupId, auth))) throw groupNotFound();
    return (await this.proposals.ofGroup(groupId, status, limit)).map(view);
  }

  async approve(auth: AuthUser, id: string): Promise<ChangeProposalResponseDto> {
    const vocabulary = await this.meetings.vocabulary(); // before the transaction (one connection at a time)
    await this.proposals.transaction(async (manager) => {
      const proposal = await this.pending(manager, id, auth);
      const before = await this.meetings.lockForWrite(manager, proposal.meetingId, auth);
      const now = pick(fieldValues(before), proposal.fields);
      const changedSince = proposal.fields.filter((f) => !same(now[f], proposal.base[f]));
      if (changedSince.length > 0) {
        throw new ConflictException(
          `The listing changed since this proposal was made (${changedSince.join(', ')}); reject it, or ask for a new one`,
        );
      }
      await this.meetings.applyChanges(manager, auth, before, proposal.changes, vocabulary, {
        action: 'proposal.approve',
        proposalId: id,
      });
      await this.proposals.decide(manager, id, 'approved', auth.id, this.clock.now());
    });
    return view((await this.proposals.find(id)) as ProposalRow);
  }

  async reject(auth: AuthUser, id: string): Promise<ChangeProposalResponseDto> {
    await this.proposals.transaction(async (manager) => {
      const proposal = await this.pending(manager, id, auth);
      await this.proposals.decide(manager, id, 'rejected', auth.id, this.clock.now());
      await this.groups.recordChange(manager, {
        groupId: proposal.groupId,
        meetingId: proposal.meetingId,
        actorId: auth.id,
        action: 'proposal.reject',
        fields: [],
        proposalId: id,
        at: this.clock.now(),
      });
    });
    return view((await this.proposals.find(id)) as ProposalRow);
  }

  /** The proposal, locked, when the caller may decide it and it is still pending; 404 / 409 otherwise. */
  private async pending(manager: EntityManager, id: string, auth: AuthUser): Promise<ProposalRow> {
    const locked = await this.proposals.lock(manager, id);
    if (!locked || !(await this.mayDecide(locked.groupId, auth, manager))) throw proposalNotFound();
    const proposal = (await this.proposals.find(id, manager)) as ProposalRow;
    if (proposal.status !== 'pending') throw new ConflictException(`This proposal was already ${proposal.status}`);
    return proposal;
  }

  /** The group's leads; admins only when it has no lead. */
  private async mayDecide(groupId: string, auth: AuthUser, manager?: EntityManager): Promise<boolean> {
    if (await this.groups.isLead(groupId, auth.id, manager)) return true;
    return isAdmin(auth) && (await this.groups.findById(groupId, manager)) !== null && !(await this.proposals.hasLeads(groupId, manager));
  }
}
