import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AccountDataRegistry } from '@homegroup/identity';
import { Clock, CursorCodec, cursorField } from '@homegroup/operations';
import { zoneOrUtc } from './availability';
import { ContactsRepository } from './contacts.repository';
import { ContactResponseDto } from './dto/contact.response.dto';
import type { LogPracticeCallDto } from './dto/log-practice-call.dto';
import type { NextContactResponseDto } from './dto/next-contact.response.dto';
import type { PracticeCallResponseDto } from './dto/practice-call.response.dto';
import type { PracticeCallsPageResponseDto } from './dto/practice-calls-page.response.dto';
import type { PracticeSettingsDto } from './dto/practice-settings.dto';
import type { PracticeSettingsResponseDto } from './dto/practice-settings.response.dto';
import { OutsideContactResponseDto } from './dto/outside-contact.response.dto';
import { OutsideContactsRepository } from './outside-contacts.repository';
import type { PracticeCallEntity } from './entities/practice-call.entity';
import { PracticeCallsRepository, PracticeCallView } from './practice-calls.repository';
import { computeStreak, localDay } from './streak';

export const DEFAULT_DAILY_GOAL = 1;
export const NO_SUCH_PRACTICE_CALL = 'This practice call is not in your history';
const NOT_A_CONTACT = 'contactId is not on your phone list: practice calls are logged to your own contacts';
const NOT_AN_OUTSIDE_CONTACT = 'outsideContactId is not on your phone list (GET /phone-list/outside)';
const ONE_CALLEE = 'Give exactly one of contactId (a member) and outsideContactId (someone without the app)';

type Caller = { id: string; timezone: string };

/** Where a page of `GET /practice-calls` stopped (called_at, id): the one codec of libs/operations. */
const HISTORY_CURSOR = new CursorCodec({ t: cursorField.instant(), i: cursorField.uuid() });

function toResponse(call: PracticeCallView): PracticeCallResponseDto {
  return {
    id: call.id,
    contact:
      call.contactId && call.calleeId
        ? { id: call.contactId, user: { id: call.calleeId, displayName: call.calleeDisplayName ?? '' } }
        : null,
    outsideContact:
      call.outsideContactId && call.outsideContactName !== null
        ? { id: call.outsideContactId, name: call.outsideContactName }
        : null,
    outcome: call.outcome,
    note: call.note,
    calledAt: call.calledAt.toISOString(),
    localDate: call.localDate,
  };
}

/**
 * Practice calls: made while fine, logged by the caller, counted toward a daily goal and a streak in the
 * caller's own time zone. They never raise alerts and are visible to the caller only.
 */
@Injectable()
export class PracticeCallsService {
  constructor(
    private readonly calls: PracticeCallsRepository,
    private readonly contacts: ContactsRepository,
    private readonly outside: OutsideContactsRepository,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('practiceCalls', (userId, manager) => this.calls.exportCalls(userId, manager));
    registry.registerExporter('practiceSettings', async (userId, manager) => {
      const [row] = await this.calls.exportSettings(userId, manager);
      return row ?? null;
    });
  }

  /** To a member contact (`contactId`) or to someone without the app (`outsideContactId`): exactly one. */
  async log(caller: Caller, dto: LogPracticeCallDto): Promise<PracticeCallResponseDto> {
    if ((dto.contactId === undefined) === (dto.outsideContactId === undefined)) throw new BadRequestException(ONE_CALLEE);
    let callee: Pick<PracticeCallEntity, 'calleeId' | 'contactId' | 'outsideContactId'>;
    if (dto.contactId !== undefined) {
      const contact = await this.contacts.findOwned(this.contacts.manager, caller.id, dto.contactId);
      if (!contact) throw new NotFoundException(NOT_A_CONTACT);
      callee = { calleeId: contact.otherId, contactId: contact.id, outsideContactId: null };
    } else {
      const outside = await this.outside.findOwned(caller.id, dto.outsideContactId!);
      if (!outside) throw new NotFoundException(NOT_AN_OUTSIDE_CONTACT);
      callee = { calleeId: null, contactId: null, outsideContactId: outside.id };
    }
    const calledAt = this.clock.now();
    const id = await this.calls.insert({
      callerId: caller.id,
      ...callee,
      outcome: dto.outcome,
      note: dto.note ?? null,
      calledAt,
      localDate: localDay(calledAt, zoneOrUtc(caller.timezone)),
    });
    return this.get(caller.id, id);
  }

  async get(callerId: string, id: string): Promise<PracticeCallResponseDto> {
    const call = await this.calls.viewOwned(callerId, id);
    if (!call) throw new NotFoundException(NO_SUCH_PRACTICE_CALL);
    return toResponse(call);
  }

  async delete(callerId: string, id: string): Promise<void> {
    if (!(await this.calls.deleteOwned(callerId, id))) throw new NotFoundException(NO_SUCH_PRACTICE_CALL);
  }

  async history(caller: Caller, cursor: string | undefined, limit = 20): Promise<PracticeCallsPageResponseDto> {
    const decoded = cursor === undefined ? undefined : HISTORY_CURSOR.decode(cursor);
    const after = decoded && { calledAt: decoded.t, id: decoded.i };
    const rows = await this.calls.page(caller.id, limit + 1, after);
    const items = rows.slice(0, limit);
    const today = localDay(this.clock.now(), zoneOrUtc(caller.timezone));
    const dailyGoal = (await this.calls.findSettings(caller.id))?.dailyGoal ?? DEFAULT_DAILY_GOAL;
    const dayCounts = await this.calls.dayCounts(caller.id);
    return {
      items: items.map(toResponse),
      nextCursor: rows.length > limit ? HISTORY_CURSOR.encode({ t: items[items.length - 1].calledAt, i: items[items.length - 1].id }) : null,
      goal: { daily: dailyGoal, todayCount: dayCounts.find((d) => d.day === today)?.count ?? 0 },
      streak: computeStreak(dayCounts, dailyGoal, today),
    };
  }

  async settings(userId: string): Promise<PracticeSettingsResponseDto> {
    const row = await this.calls.findSettings(userId);
    return { dailyGoal: row?.dailyGoal ?? DEFAULT_DAILY_GOAL, reminderTime: row?.reminderTime ?? null };
  }

  async updateSettings(userId: string, dto: PracticeSettingsDto): Promise<PracticeSettingsResponseDto> {
    const row = await this.calls.upsertSettings(userId, { dailyGoal: dto.dailyGoal, reminderTime: dto.reminderTime ?? null });
    return { dailyGoal: row.dailyGoal, reminderTime: row.reminderTime };
  }

  /**
   * Who to call next: among the caller's member contacts (a removed or blocking member has no link, so is never
   * here) those inside one of their own windows now, and every contact without the app (they have no windows:
   * always callable), the one least recently called by the caller first (never called before anyone else), then
   * the longest-standing.
   */
  async next(callerId: string): Promise<NextContactResponseDto> {
    const now = this.clock.now();
    const contacts = (await this.contacts.listForOwner(callerId)).map((view) => ContactResponseDto.from(view, now));
    const outside = (await this.outside.list(callerId)).map((view) => OutsideContactResponseDto.from(view));
    if (contacts.length === 0 && outside.length === 0) {
      return {
        contact: null,
        outsideContact: null,
        reason: 'no_contacts',
        message: 'Your phone list is empty: swap invite codes with someone at your next meeting, or add someone’s number',
      };
    }
    type Candidate =
      | { kind: 'member'; c: ContactResponseDto }
      | { kind: 'outside'; c: OutsideContactResponseDto };
    const candidates: Candidate[] = [
      ...contacts.filter((c) => c.availableNow).map((c) => ({ kind: 'member' as const, c })),
      ...outside.map((c) => ({ kind: 'outside' as const, c })),
    ];
    if (candidates.length === 0) {
      return {
        contact: null,
        outsideContact: null,
        reason: 'nobody_available',
        message: 'None of your contacts is inside their available hours right now; try again later',
      };
    }
    const lastCall = ({ c }: Candidate): number =>
      c.lastPracticeCallAt ? new Date(c.lastPracticeCallAt).getTime() : Number.NEGATIVE_INFINITY;
    candidates.sort(
      (a, b) => lastCall(a) - lastCall(b) || a.c.createdAt.localeCompare(b.c.createdAt) || a.c.id.localeCompare(b.c.id),
    );
    const first = candidates[0];
    return {
      contact: first.kind === 'member' ? first.c : null,
      outsideContact: first.kind === 'outside' ? first.c : null,
      reason: null,
      message: null,
    };
  }
}
