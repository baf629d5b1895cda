import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UserRef } from '@homegroup/contracts';
import {
  AccountDataRegistry,
  AuthUser,
  BlocksService,
  FellowshipEntity,
  UserEntity,
} from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import { RealtimeService } from '@homegroup/realtime';
import type { CreateSponsorshipDto } from './dto/create-sponsorship.dto';
import type { ListSponsorshipsQueryDto } from './dto/list-sponsorships.query.dto';
import type { ReviewSponsorshipDto } from './dto/review-sponsorship.dto';
import type { SponsorshipResponseDto } from './dto/sponsorship.response.dto';
import type { SponsorProfileEntity } from './entities/sponsor-profile.entity';
import { SponsorProfilesRepository } from './sponsor-profiles.repository';
import {
  addDays,
  CAPACITY_KINDS,
  DEFAULT_REVIEW_IN_DAYS,
  PRIMARY_KIND,
  REQUEST_TTL_MS,
  TEMPORARY_KIND,
  type SponsorshipRole,
  type SponsorshipStatus,
} from './sponsorship.constants';
import {
  fieldError,
  isUniqueViolation,
  noSponsorsError,
  plainConflict,
  sponsorshipConflict,
} from './sponsorship-errors';
import { SponsorshipsRepository, type SponsorshipView } from './sponsorships.repository';

type Action = 'accept' | 'decline' | 'withdraw' | 'end';

/** Which state each action starts from and who may take it. */
const RULES: Record<Action, { from: SponsorshipStatus; actor: SponsorshipRole | 'either'; verb: string }> = {
  accept: { from: 'requested', actor: 'sponsor', verb: 'accepted' },
  decline: { from: 'requested', actor: 'sponsor', verb: 'declined' },
  withdraw: { from: 'requested', actor: 'sponsee', verb: 'withdrawn' },
  end: { from: 'active', actor: 'either', verb: 'ended' },
};

const STATE_PHRASE: Record<SponsorshipStatus, string> = {
  requested: 'This request is still waiting for an answer',
  active: 'This sponsorship is active',
  ended: 'This sponsorship has ended',
  declined: 'This request was declined',
  withdrawn: 'This request was withdrawn',
  expired: 'This request expired unanswered (requests last 30 days); the member who asked can ask again',
};

const WRONG_ACTOR: Record<Action, string> = {
  accept: 'Only the member who was asked can accept this request; you can withdraw it',
  decline: 'Only the member who was asked can decline this request; you can withdraw it',
  withdraw: 'Only the member who asked can withdraw this request; you can accept or decline it',
  end: 'Only the sponsor or the sponsee can end this sponsorship',
};

const NO_SUCH = 'No such sponsorship';
const CLEAN_DATE_WARNING =
  'The sponsor’s clean date is not earlier than the sponsee’s. Traditionally a sponsor has more clean time; ' +
  'this is advice, not a rule.';

const ref = (party: { id: string; displayName: string }): UserRef => ({
  id: party.id,
  displayName: party.displayName,
});
const countsAgainstCapacity = (kind: string): boolean => CAPACITY_KINDS.includes(kind);

/**
 * The sponsorship state machine: requested → active → ended, plus declined, withdrawn and expired.
 * Every transition is a conditional UPDATE, so double taps and races are harmless; both parties get a
 * `sponsorship.updated` event after each commit. Authorization is per sponsorship: only its two parties see it.
 */
@Injectable()
export class SponsorshipsService {
  private readonly logger = new Logger(SponsorshipsService.name);

  constructor(
    private readonly sponsorships: SponsorshipsRepository,
    private readonly profiles: SponsorProfilesRepository,
    private readonly blocks: BlocksService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('sponsorships', async (userId, manager) => {
      const now = this.clock.now();
      const views = await this.sponsorships.listForMember(userId, {}, now, manager);
      return views.map((s) => this.toResponse(asOf(s, now), userId));
    });
    registry.onMemberBlocked((manager, blockerId, blockedId) =>
      this.unlinkBlockedPair(manager, blockerId, blockedId),
    );
  }

  /** The sponsee asks. */
  async request(caller: AuthUser, dto: CreateSponsorshipDto): Promise<SponsorshipResponseDto> {
    if (dto.sponsorId === caller.id) {
      throw fieldError('sponsorId', 'You cannot be your own sponsor; pick another member from GET /sponsors');
    }
    // Blocks, a missing profile and an unavailable one all look the same: a block is never revealed.
    const notAvailable = new NotFoundException(
      'This member is not available as a sponsor; find one who is with GET /sponsors',
    );
    if (await this.blocks.eitherBlocked(caller.id, dto.sponsorId)) throw notAvailable;
    const profile = await this.profiles.findByUserId(dto.sponsorId);
    const sponsor =
      profile && (await this.dataSource.getRepository(UserEntity).findOneBy({ id: dto.sponsorId }));
    if (!profile || !profile.available || !sponsor) throw notAvailable;

    const fellowship = await this.resolveFellowship(
      caller.user,
      sponsor.displayName,
      profile,
      dto.fellowship,
    );
    const kind = dto.kind ?? PRIMARY_KIND;
    if (!fellowship.relationshipKinds.includes(kind)) {
      const message = `${fellowship.name} has no "${kind}" relationship; kind must be one of ${fellowship.relationshipKinds.join(', ')}`;
      throw new UnprocessableEntityException({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message,
        fields: [{ field: 'kind', messages: [message] }],
      });
    }
    if (dto.reviewInDays !== undefined && kind !== TEMPORARY_KIND) {
      throw fieldError(
        'reviewInDays',
        `reviewInDays is only for temporary sponsors (kind: "${TEMPORARY_KIND}")`,
      );
    }
    if (countsAgainstCapacity(kind) && profile.activeSponseeCount >= profile.maxSponsees) {
      throw plainConflict(
        `${sponsor.displayName} has no room for another sponsee right now; ask someone else from GET /sponsors`,
      );
    }
    if (await this.sponsorships.hasActive(caller.id, sponsor.id, fellowship.code, kind)) {
      throw plainConflict(
        `${sponsor.displayName} is already your ${kind.replace(/_/g, ' ')} in ${fellowship.code}`,
      );
    }
    const now = this.clock.now();
    const pending = await this.sponsorships.findPendingBetween(caller.id, sponsor.id);
    // A request past its expiry no longer stands in the way, whether or not the sweep has marked it yet.
    if (pending && !(await this.expiredNow(pending, now))) throw this.pendingPairConflict(pending, caller.id);

    let id: string;
    try {
      id = await this.sponsorships.insertRequest({
        sponseeId: caller.id,
        sponsorId: sponsor.id,
        fellowship: fellowship.code,
        kind,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + REQUEST_TTL_MS),
        reviewInDays: kind === TEMPORARY_KIND ? (dto.reviewInDays ?? DEFAULT_REVIEW_IN_DAYS) : null,
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_sponsorships_pending_pair')) throw error;
      // Lost a race with another request between the same two members.
      const winner = await this.sponsorships.findPendingBetween(caller.id, sponsor.id);
      throw winner
        ? this.pendingPairConflict(winner, caller.id)
        : sponsorshipConflict('requested', 'There is already a pending request between you two');
    }
    const created = await this.mustFind(id);
    this.emitUpdated(created, ref(caller));
    const response = this.toResponse(created, caller.id);
    if (kind === PRIMARY_KIND && (await this.sponsorships.hasActivePrimary(caller.id, fellowship.code))) {
      response.warnings.push(
        `You already have an active sponsor in ${fellowship.code}; ${sponsor.displayName} can accept only after that sponsorship ends`,
      );
    }
    return response;
  }

  async get(callerId: string, id: string): Promise<SponsorshipResponseDto> {
    const view = await this.sponsorships.findView(id);
    if (!view || !roleOf(view, callerId)) throw new NotFoundException(NO_SUCH);
    return this.toResponse(asOf(view, this.clock.now()), callerId);
  }

  async list(callerId: string, query: ListSponsorshipsQueryDto): Promise<SponsorshipResponseDto[]> {
    const now = this.clock.now();
    const views = await this.sponsorships.listForMember(
      callerId,
      { status: query.status, role: query.role },
      now,
    );
    return views.map((v) => this.toResponse(asOf(v, now), callerId));
  }

  accept(caller: AuthUser, id: string): Promise<SponsorshipResponseDto> {
    return this.transition(caller, id, 'accept');
  }

  decline(caller: AuthUser, id: string): Promise<SponsorshipResponseDto> {
    return this.transition(caller, id, 'decline');
  }

  withdraw(caller: AuthUser, id: string): Promise<SponsorshipResponseDto> {
    return this.transition(caller, id, 'withdraw');
  }

  end(caller: AuthUser, id: string): Promise<SponsorshipResponseDto> {
    return this.transition(caller, id, 'end');
  }

  /**
   * Either side answers a temporary sponsorship's review, whenever they like while it is active (the review date
   * is a reminder, not a gate; ADR 0032): `continue` sets the next review date, `make_primary` turns it into the
   * fellowship's primary kind under the one-primary rule. The other side gets `sponsorship.updated`.
   */
  async review(caller: AuthUser, id: string, dto: ReviewSponsorshipDto): Promise<SponsorshipResponseDto> {
    if (dto.decision !== 'continue' && dto.reviewInDays !== undefined) {
      throw fieldError(
        'reviewInDays',
        'reviewInDays goes with decision "continue" only: a primary sponsorship has no review',
      );
    }
    const current = await this.sponsorships.findView(id);
    const role = current && roleOf(current, caller.id);
    if (!current || !role) throw new NotFoundException(NO_SUCH);
    const now = this.clock.now();
    if (await this.expiredNow(current, now)) throw this.reviewConflict('expired');
    if (current.status !== 'active') throw this.reviewConflict(current.status);
    if (current.kind !== TEMPORARY_KIND) throw this.notTemporary(current);

    let changed: SponsorshipView | null;
    if (dto.decision === 'continue') {
      const days = dto.reviewInDays ?? current.reviewInDays ?? DEFAULT_REVIEW_IN_DAYS;
      changed = await this.sponsorships.continueTemporary(id, caller.id, days, addDays(now, days));
    } else {
      const fellowship = await this.dataSource
        .getRepository(FellowshipEntity)
        .findOneBy({ code: current.fellowship });
      if (!fellowship?.relationshipKinds.includes(PRIMARY_KIND)) {
        throw sponsorshipConflict(
          'active',
          `${fellowship?.name ?? current.fellowship} has no "${PRIMARY_KIND}" relationship; continue or end this one`,
        );
      }
      // Both kinds count against the sponsor's capacity (CAPACITY_KINDS), so the count does not change here.
      if (await this.sponsorships.hasActivePrimary(current.sponsee.id, current.fellowship))
        throw this.primaryTaken(current, role);
      try {
        changed = await this.sponsorships.makePrimary(id, caller.id);
      } catch (error) {
        // Lost a race: another primary became active between the check and the update.
        if (!isUniqueViolation(error, 'uq_sponsorships_active_primary')) throw error;
        throw this.primaryTaken(current, role);
      }
    }
    if (!changed) {
      // The other side answered, ended it or made it primary first.
      const latest = await this.sponsorships.findView(id);
      if (!latest) throw new NotFoundException(NO_SUCH);
      if (latest.status !== 'active') throw this.reviewConflict(latest.status);
      throw this.notTemporary(latest);
    }
    this.emitUpdated(changed, ref(caller));
    return this.toResponse(changed, caller.id);
  }

  private async transition(caller: AuthUser, id: string, action: Action): Promise<SponsorshipResponseDto> {
    const current = await this.sponsorships.findView(id);
    const role = current && roleOf(current, caller.id);
    if (!current || !role) throw new NotFoundException(NO_SUCH);
    const rule = RULES[action];
    const now = this.clock.now();
    // Past its expiry a request is expired, whether or not the sweep has marked it yet (the updates check too).
    if (await this.expiredNow(current, now)) throw this.stateConflict('expired', action);
    if (current.status !== rule.from) throw this.stateConflict(current.status, action);
    if (rule.actor !== 'either' && rule.actor !== role)
      throw sponsorshipConflict(current.status, WRONG_ACTOR[action]);

    let changed: SponsorshipView | null;
    switch (action) {
      case 'accept':
        changed = await this.acceptWithinCapacity(current, caller.id, now);
        break;
      case 'decline':
        changed = await this.sponsorships.decline(id, caller.id, now);
        break;
      case 'withdraw':
        changed = await this.sponsorships.withdraw(id, caller.id, now);
        break;
      case 'end':
        changed = await this.dataSource.transaction(async (manager) => {
          const counts = countsAgainstCapacity(current.kind);
          // Same lock order as accept (profile, then sponsorship), so the two never deadlock.
          const capacity = counts ? await this.profiles.lockCapacity(manager, current.sponsor.id) : null;
          const ended = await this.sponsorships.end(manager, id, caller.id, now);
          if (ended && capacity) await this.profiles.changeActiveCount(manager, current.sponsor.id, -1);
          return ended;
        });
        break;
    }
    if (!changed) {
      // Someone else moved it first (a double tap, the other party, the expiry job).
      const latest = await this.sponsorships.findView(id);
      if (!latest) throw new NotFoundException(NO_SUCH);
      if (await this.expiredNow(latest, now)) throw this.stateConflict('expired', action);
      throw this.stateConflict(latest.status, action);
    }
    this.emitUpdated(changed, ref(caller));
    return this.toResponse(changed, caller.id);
  }

  /**
   * Accepting under the sponsor's row lock: concurrent accepts for the same sponsor run one after the
   * other, so the count they check is the count they update.
   */
  private acceptWithinCapacity(
    current: SponsorshipView,
    sponsorId: string,
    now: Date,
  ): Promise<SponsorshipView | null> {
    return this.dataSource.transaction(async (manager) => {
      const capacity = await this.profiles.lockCapacity(manager, sponsorId);
      if (!capacity) {
        throw sponsorshipConflict(
          'requested',
          'You have no sponsor profile any more; set one up with PUT /me/sponsor-profile, then accept',
        );
      }
      const reviewAt =
        current.kind === TEMPORARY_KIND ? addDays(now, current.reviewInDays ?? DEFAULT_REVIEW_IN_DAYS) : null;
      let accepted: SponsorshipView | null;
      try {
        accepted = await this.sponsorships.accept(manager, current.id, sponsorId, now, reviewAt);
      } catch (error) {
        if (!isUniqueViolation(error, 'uq_sponsorships_active_primary')) throw error;
        throw sponsorshipConflict(
          'requested',
          `${current.sponsee.displayName} already has an active sponsor in ${current.fellowship}; that sponsorship has to end ` +
            'before you can accept (or they can ask you as a temporary sponsor)',
        );
      }
      if (!accepted) return null;
      if (countsAgainstCapacity(accepted.kind)) {
        if (capacity.activeSponseeCount >= capacity.maxSponsees) {
          // Throwing rolls the acceptance back.
          throw sponsorshipConflict(
            'requested',
            `You are at your capacity of ${capacity.maxSponsees} sponsee(s); raise maxSponsees with PUT /me/sponsor-profile ` +
              'or end a sponsorship, then accept',
          );
        }
        await this.profiles.changeActiveCount(manager, sponsorId, +1);
      }
      return accepted;
    });
  }

  /**
   * A block undoes the pair's links at once, inside the block's transaction: active sponsorships end (by the
   * blocker), pending requests are declined (when the blocker was asked) or withdrawn (when the blocker asked).
   * Returns the `sponsorship.updated` events, to be sent once the block committed.
   */
  async unlinkBlockedPair(manager: EntityManager, blockerId: string, blockedId: string): Promise<() => void> {
    const now = this.clock.now();
    for (const userId of [blockerId, blockedId].sort()) await this.profiles.lockCapacity(manager, userId);
    const ended = await this.sponsorships.endAllBetween(manager, blockerId, blockedId, now);
    for (const s of ended) {
      if (countsAgainstCapacity(s.kind)) await this.profiles.changeActiveCount(manager, s.sponsor.id, -1);
    }
    const closed = await this.sponsorships.closePendingBetween(manager, blockerId, blockedId, now);
    return () => {
      for (const s of [...ended, ...closed]) {
        const blocker = s.sponsee.id === blockerId ? s.sponsee : s.sponsor;
        this.emitUpdated(s, ref(blocker));
      }
    };
  }

  /**
   * The worker's maintenance pass (every 15 minutes): pending requests past their expiry become `expired`,
   * and temporary sponsorships past their review date get one `sponsorship.review-due` reminder.
   */
  async runMaintenance(now: Date): Promise<{ expired: number; reviewsDue: number }> {
    const expired = await this.sponsorships.expireRequests(now);
    for (const s of expired) this.emitUpdated(s, null);
    const due = await this.sponsorships.markReviewsDue(now);
    for (const s of due) {
      const payload = {
        sponsorshipId: s.id,
        kind: s.kind,
        fellowship: s.fellowship,
        reviewAt: (s.reviewAt ?? now).toISOString(),
        sponsor: ref(s.sponsor),
        sponsee: ref(s.sponsee),
      };
      this.realtime.emitToUser(s.sponsee.id, 'sponsorship.review-due', payload);
      this.realtime.emitToUser(s.sponsor.id, 'sponsorship.review-due', payload);
    }
    if (expired.length > 0 || due.length > 0) {
      this.logger.log(`expired ${expired.length} sponsorship request(s); ${due.length} review reminder(s)`);
    }
    return { expired: expired.length, reviewsDue: due.length };
  }

  /**
   * True when `s` is a pending request past its expiry. Marks it expired (and tells both parties, as the sweep
   * would) so its state is the same for everyone from here on.
   */
  private async expiredNow(s: SponsorshipView, now: Date): Promise<boolean> {
    if (s.status !== 'requested' || s.expiresAt.getTime() > now.getTime()) return false;
    const expired = await this.sponsorships.expireRequest(s.id, now);
    if (expired) this.emitUpdated(expired, null);
    return true;
  }

  private emitUpdated(s: SponsorshipView, by: UserRef | null): void {
    const payload = { sponsorshipId: s.id, status: s.status, kind: s.kind, fellowship: s.fellowship, by };
    this.realtime.emitToUser(s.sponsee.id, 'sponsorship.updated', payload);
    this.realtime.emitToUser(s.sponsor.id, 'sponsorship.updated', payload);
  }

  private toResponse(s: SponsorshipView, callerId: string): SponsorshipResponseDto {
    const response: SponsorshipResponseDto = {
      id: s.id,
      status: s.status,
      kind: s.kind,
      fellowship: s.fellowship,
      role: s.sponsor.id === callerId ? 'sponsor' : 'sponsee',
      sponsor: ref(s.sponsor),
      sponsee: ref(s.sponsee),
      requestedAt: s.requestedAt.toISOString(),
      warnings: [],
    };
    if (s.startedAt) response.startedAt = s.startedAt.toISOString();
    if (s.endedAt) response.endedAt = s.endedAt.toISOString();
    if (s.reviewAt) response.reviewAt = s.reviewAt.toISOString();
    if (s.status === 'active' && s.reviewAt) response.reviewDue = s.reviewAt.getTime() <= this.clock.nowMs();
    if (s.status === 'requested') response.expiresAt = s.expiresAt.toISOString();
    const live = s.status === 'requested' || s.status === 'active';
    // The snapshot taken at the request: neither party's later clean-date edits show through (ADR 0018).
    if (live && s.cleanDateWarning) response.warnings.push(CLEAN_DATE_WARNING);
    return response;
  }

  private stateConflict(status: SponsorshipStatus, action: Action): ConflictException {
    const rule = RULES[action];
    const needed = rule.from === 'requested' ? 'a pending request' : 'an active sponsorship';
    return sponsorshipConflict(status, `${STATE_PHRASE[status]}; only ${needed} can be ${rule.verb}`);
  }

  private reviewConflict(status: SponsorshipStatus): ConflictException {
    return sponsorshipConflict(
      status,
      `${STATE_PHRASE[status]}; only an active temporary sponsorship can be reviewed`,
    );
  }

  private notTemporary(s: SponsorshipView): ConflictException {
    const what = s.kind === PRIMARY_KIND ? 'a primary sponsorship already' : `a ${s.kind.replace(/_/g, ' ')}`;
    return sponsorshipConflict(
      s.status,
      `This is ${what}; only a temporary sponsorship has a review (end it with POST /sponsorships/${s.id}/end)`,
    );
  }

  private primaryTaken(s: SponsorshipView, role: SponsorshipRole): ConflictException {
    const message =
      role === 'sponsee'
        ? `You already have an active sponsor in ${s.fellowship}; only one at a time. End that sponsorship first, ` +
          `or keep ${s.sponsor.displayName} as a temporary sponsor (decision "continue")`
        : `${s.sponsee.displayName} already has an active sponsor in ${s.fellowship}; only one at a time. ` +
          'They have to end that sponsorship first; until then you can continue as their temporary sponsor';
    return sponsorshipConflict('active', message);
  }

  private pendingPairConflict(pending: SponsorshipView, callerId: string): ConflictException {
    const message =
      pending.sponsee.id === callerId
        ? `You already asked ${pending.sponsor.displayName}; wait for an answer, or withdraw that request first`
        : `${pending.sponsee.displayName} has already asked you to sponsor them; accept or decline that request first`;
    return sponsorshipConflict('requested', message);
  }

  private async mustFind(id: string): Promise<SponsorshipView> {
    const view = await this.sponsorships.findView(id);
    if (!view) throw new NotFoundException(NO_SUCH);
    return view;
  }

  /**
   * The fellowship of a request: the one asked for (it must be one the sponsor sponsors in), else the one
   * both share. SMART and other fellowships without sponsors are refused with what to do instead.
   */
  private async resolveFellowship(
    sponsee: UserEntity,
    sponsorName: string,
    profile: SponsorProfileEntity,
    requested: string | undefined,
  ): Promise<FellowshipEntity> {
    const all = await this.dataSource.getRepository(FellowshipEntity).find();
    const byCode = new Map(all.map((f) => [f.code, f]));
    const offered = profile.fellowships.join(', ');
    if (requested) {
      const fellowship = byCode.get(requested);
      if (!fellowship)
        throw fieldError(
          'fellowship',
          `fellowship ${requested} is not one Homegroup knows (see GET /fellowships)`,
        );
      if (!fellowship.hasSponsors) throw noSponsorsError(fellowship);
      if (!profile.fellowships.includes(fellowship.code)) {
        throw fieldError(
          'fellowship',
          `${sponsorName} sponsors in ${offered} only; pick one of those as fellowship`,
        );
      }
      return fellowship;
    }
    const shared = profile.fellowships.filter((code) => sponsee.fellowships.includes(code));
    const only = shared.length === 1 ? byCode.get(shared[0]) : undefined;
    if (only) return only;
    if (shared.length > 1) {
      throw fieldError(
        'fellowship',
        `You and ${sponsorName} share ${shared.join(' and ')}; say which with fellowship, e.g. "${shared[0]}"`,
      );
    }
    const own = sponsee.fellowships
      .map((code) => byCode.get(code))
      .filter((f): f is FellowshipEntity => f !== undefined);
    const withoutSponsors = own.find((f) => !f.hasSponsors);
    if (withoutSponsors && own.every((f) => !f.hasSponsors)) throw noSponsorsError(withoutSponsors);
    throw fieldError(
      'fellowship',
      `You and ${sponsorName} share no fellowship; ${sponsorName} sponsors in ${offered}: pick one with fellowship, e.g. "${profile.fellowships[0]}"`,
    );
  }
}

/** The view as of `now`: a pending request past its expiry reads as expired before the sweep marks it. */
function asOf(s: SponsorshipView, now: Date): SponsorshipView {
  return s.status === 'requested' && s.expiresAt.getTime() <= now.getTime() ? { ...s, status: 'expired' } : s;
}

function roleOf(s: SponsorshipView, userId: string): SponsorshipRole | undefined {
  if (s.sponsor.id === userId) return 'sponsor';
  if (s.sponsee.id === userId) return 'sponsee';
  return undefined;
}
