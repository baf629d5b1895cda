import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { RealtimeService } from '@homegroup/realtime';
import { minutesOfDay, zoneOrUtc } from './availability';
import { PracticeCallsRepository, ReminderCandidate } from './practice-calls.repository';

export const PRACTICE_REMINDER_MESSAGE = 'A good day for a practice call: pick up the phone and call someone on your list.';
const PAGE_SIZE = 500;

/**
 * The daily practice-call reminder: once per local day, after the member's chosen local time, only when
 * they have logged fewer calls than their goal that day.
 */
@Injectable()
export class PracticeRemindersService {
  private readonly logger = new Logger(PracticeRemindersService.name);

  constructor(
    private readonly calls: PracticeCallsRepository,
    private readonly realtime: RealtimeService,
  ) {}

  /** Sends every reminder due at `now`; returns how many were sent. Safe to run often and concurrently. */
  async sendDueReminders(now: Date): Promise<number> {
    let sent = 0;
    let after: string | null = null;
    for (;;) {
      const page: ReminderCandidate[] = await this.calls.reminderCandidates(after, PAGE_SIZE);
      for (const candidate of page) {
        if (await this.remindIfDue(candidate, now)) sent += 1;
      }
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1].userId;
    }
    if (sent > 0) this.logger.log(`sent ${sent} practice reminders`);
    return sent;
  }

  private async remindIfDue(candidate: ReminderCandidate, now: Date): Promise<boolean> {
    const local = DateTime.fromJSDate(now, { zone: zoneOrUtc(candidate.timezone) });
    const today = local.toISODate();
    if (!today) return false;
    // Wall-clock comparison: on a day the clocks skip the reminder's time, it comes at the first moment after.
    if (local.hour * 60 + local.minute < minutesOfDay(candidate.reminderTime)) return false;
    if (candidate.lastRemindedOn !== null && candidate.lastRemindedOn >= today) return false;
    const todayCount = await this.calls.countOnDay(candidate.userId, today);
    if (todayCount >= candidate.dailyGoal) return false;
    // Conditional: two runs at once (or two workers) send one reminder.
    if (!(await this.calls.markReminded(candidate.userId, today))) return false;
    this.realtime.emitToUser(candidate.userId, 'practice.reminder', {
      message: PRACTICE_REMINDER_MESSAGE,
      dailyGoal: candidate.dailyGoal,
      todayCount,
    });
    return true;
  }
}
