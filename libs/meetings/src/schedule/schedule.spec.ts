import { IANAZone } from 'luxon';
import {
  formatLocalInstant,
  localParts,
  localToInstant,
  minuteOfWeek,
  minuteOfWeekRanges,
  nextOccurrence,
  offsetMinutes,
  occurrencesBetween,
  parseRecurrenceRule,
  scheduledDates,
  slotsOf,
  type ScheduleSpec,
} from './schedule';

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (text: string): number => Date.parse(text);
const NY = 'America/New_York';

const weekly = (overrides: Partial<ScheduleSpec> = {}): ScheduleSpec => ({
  timezone: NY,
  weekdays: [0],
  startMinutes: 90,
  durationMinutes: 60,
  rrule: null,
  startsOn: '2026-01-01',
  exceptions: [],
  ...overrides,
});

describe('local times in a zone (RFC 5545 rules)', () => {
  it('should read 01:30 on the fall-back day as the first of the two (EDT)', () => {
    expect(iso(localToInstant(NY, '2026-11-01', 90))).toBe('2026-11-01T05:30:00.000Z');
    expect(formatLocalInstant(NY, at('2026-11-01T05:30:00Z'))).toBe('2026-11-01T01:30:00-04:00[America/New_York]');
  });

  it('should read 02:30 on the spring-forward day with the offset before the gap (03:30 EDT)', () => {
    expect(iso(localToInstant(NY, '2026-03-08', 150))).toBe('2026-03-08T07:30:00.000Z');
    expect(formatLocalInstant(NY, at('2026-03-08T07:30:00Z'))).toBe('2026-03-08T03:30:00-04:00[America/New_York]');
  });

  it('should give the wall clock of an instant in another zone', () => {
    expect(localParts('Pacific/Auckland', at('2026-07-01T00:00:00Z'))).toEqual({
      date: '2026-07-01',
      weekday: 3,
      minutes: 12 * 60,
      offset: 720,
    });
    expect(formatLocalInstant('Asia/Kolkata', at('2026-07-01T00:00:00Z'))).toBe('2026-07-01T05:30:00+05:30[Asia/Kolkata]');
  });
});

describe('zone offsets', () => {
  it('should agree with the IANA data every 37 minutes for two years, half- and quarter-hour zones included', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Pacific/Auckland', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Asia/Tokyo']) {
      const iana = IANAZone.create(zone);
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 37 * 60_000) {
        if (offsetMinutes(zone, t) !== iana.offset(t)) throw new Error(`${zone} at ${new Date(t).toISOString()}`);
      }
    }
    expect(offsetMinutes('Australia/Lord_Howe', Date.parse('2026-01-01T00:00:00Z'))).toBe(660);
  });
});

describe('minute of the week', () => {
  it('should count from Sunday 00:00 UTC', () => {
    expect(minuteOfWeek(at('2026-11-01T00:00:00Z'))).toBe(0); // a Sunday
    expect(minuteOfWeek(at('2026-11-07T23:59:00Z'))).toBe(10_079);
    expect(minuteOfWeek(at('1970-01-01T00:00:00Z'))).toBe(4 * 1440);
  });

  it('should split a window that wraps past Saturday night and give up on a week or more', () => {
    expect(minuteOfWeekRanges(at('2026-11-07T23:00:00Z'), at('2026-11-08T01:00:00Z'))).toEqual([
      [10_020, 10_079],
      [0, 60],
    ]);
    expect(minuteOfWeekRanges(at('2026-11-02T10:00:00Z'), at('2026-11-02T12:00:00Z'))).toEqual([[2040, 2160]]);
    expect(minuteOfWeekRanges(at('2026-11-02T10:00:00Z'), at('2026-11-09T10:00:00Z'))).toBeNull();
  });
});

describe('occurrences', () => {
  it('should keep the local time across the fall-back change', () => {
    const spec = weekly();
    const found = occurrencesBetween(spec, at('2026-10-24T00:00:00Z'), at('2026-11-10T00:00:00Z'));
    expect(found.map((o) => iso(o.start))).toEqual([
      '2026-10-25T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-08T06:30:00.000Z',
    ]);
    expect(found.every((o) => o.end - o.start === 3_600_000)).toBe(true);
  });

  it('should find a 23:30–00:30 meeting in progress at 00:10 the next day', () => {
    const spec = weekly({ timezone: 'Europe/London', weekdays: [5], startMinutes: 23 * 60 + 30 });
    const now = at('2026-07-03T23:10:00Z'); // Saturday 00:10 BST
    const inProgress = occurrencesBetween(spec, now - 6 * 3_600_000, now + 1).filter((o) => o.start <= now && o.end > now);
    expect(inProgress.map((o) => iso(o.start))).toEqual(['2026-07-03T22:30:00.000Z']);
  });

  it('should skip cancelled occurrences and place moved ones at their new time', () => {
    const spec = weekly({
      exceptions: [
        { date: '2026-11-08', kind: 'cancel' },
        { date: '2026-11-15', kind: 'move', start: at('2026-11-16T23:00:00Z'), durationMinutes: 90 },
      ],
    });
    const found = occurrencesBetween(spec, at('2026-11-07T00:00:00Z'), at('2026-11-24T00:00:00Z'));
    expect(found.map((o) => [iso(o.start), o.moved, o.date])).toEqual([
      ['2026-11-16T23:00:00.000Z', true, '2026-11-15'],
      ['2026-11-22T06:30:00.000Z', false, '2026-11-22'],
    ]);
    expect(nextOccurrence(spec, at('2026-11-07T00:00:00Z'))?.start).toBe(at('2026-11-16T23:00:00Z'));
  });

  it('should follow an every-other-week rule from its anchor, even years later', () => {
    const spec = weekly({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', weekdays: [2], startsOn: '2020-01-07', startMinutes: 19 * 60 });
    const dates = scheduledDates(spec, '2026-11-01', '2026-12-01');
    // 2020-01-07 was a Tuesday; 2026-11-03 is 356 weeks later (even).
    expect(dates).toEqual(['2026-11-03', '2026-11-17', '2026-12-01']);
  });

  it('should follow an nth-weekday-of-the-month rule', () => {
    const spec = weekly({ rrule: 'FREQ=MONTHLY;BYDAY=2TU', weekdays: [2], startsOn: '2026-01-01', startMinutes: 19 * 60 });
    expect(scheduledDates(spec, '2026-02-01', '2026-05-31')).toEqual(['2026-02-10', '2026-03-10', '2026-04-14', '2026-05-12']);
    const last = weekly({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR', weekdays: [5], startsOn: '2026-01-01', startMinutes: 19 * 60 });
    expect(scheduledDates(last, '2026-01-01', '2026-03-31')).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
    expect(nextOccurrence(spec, at('2026-03-11T00:00:00Z'))?.start).toBe(at('2026-04-14T23:00:00Z'));
  });

  it('should agree with the plain weekly path when the rule says weekly on the same days', () => {
    const plain = weekly({ weekdays: [1, 3, 6], startMinutes: 2 * 60 + 30, startsOn: '2025-06-01' });
    const rule = { ...plain, rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,SA' };
    const from = at('2026-03-01T00:00:00Z');
    const to = at('2026-11-30T00:00:00Z');
    expect(occurrencesBetween(rule, from, to)).toEqual(occurrencesBetween(plain, from, to));
  });

  it('should start no earlier than startsOn', () => {
    const spec = weekly({ startsOn: '2026-11-10' });
    expect(nextOccurrence(spec, at('2026-11-01T00:00:00Z'))?.date).toBe('2026-11-15');
  });
});

describe('recurrence rules', () => {
  it('should normalise what it accepts and name the weekdays', () => {
    expect(parseRecurrenceRule('rrule:freq=weekly;byday=tu,th;interval=2')).toEqual({
      rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH',
      weekdays: [2, 4],
    });
    expect(parseRecurrenceRule('FREQ=MONTHLY;BYDAY=-1SU')).toEqual({ rule: 'FREQ=MONTHLY;BYDAY=-1SU', weekdays: [0] });
  });

  it.each([
    ['FREQ=DAILY', /FREQ must be WEEKLY/],
    ['FREQ=WEEKLY', /needs BYDAY/],
    ['FREQ=WEEKLY;BYDAY=2TU', /needs FREQ=MONTHLY/],
    ['FREQ=WEEKLY;BYDAY=XX', /not a weekday/],
    ['FREQ=WEEKLY;BYDAY=TU;BYHOUR=19', /startTime/],
    ['DTSTART=20260101T000000;FREQ=WEEKLY;BYDAY=TU', /DTSTART/],
    ['FREQ=WEEKLY;BYDAY=TU;INTERVAL=0', /INTERVAL/],
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=3;UNTIL=20270101', /not both/],
    ['FREQ=MONTHLY;BYMONTHDAY=3', /not supported/],
  ])('should refuse %s with an actionable message', (rule, message) => {
    const result = parseRecurrenceRule(rule);
    expect('error' in result && result.error).toMatch(message);
  });
});

describe('search slots', () => {
  it('should give one row per weekday and offset the zone uses in the coming year', () => {
    const slots = slotsOf({ timezone: NY, weekdays: [0], startMinutes: 90 }, at('2026-06-01T00:00:00Z'));
    // Sunday 01:30 local is Sunday 05:30 UTC (EDT) or 06:30 UTC (EST).
    expect(slots.map((s) => s.startMow).sort((a, b) => a - b)).toEqual([330, 390]);
    const tokyo = slotsOf({ timezone: 'Asia/Tokyo', weekdays: [1, 2], startMinutes: 8 * 60 }, at('2026-06-01T00:00:00Z'));
    // Monday 08:00 JST is Sunday 23:00 UTC.
    expect(tokyo.map((s) => [s.weekday, s.startMow])).toEqual([
      [1, 1380],
      [2, 1440 + 1380],
    ]);
  });

  it('should include the slot of every real occurrence over a year', () => {
    const spec = weekly({ weekdays: [0, 3], startMinutes: 150, startsOn: '2026-01-01' });
    const now = at('2026-01-01T00:00:00Z');
    const slots = new Set(slotsOf(spec, now).map((s) => s.startMow));
    for (const o of occurrencesBetween(spec, now, now + 365 * 86_400_000)) expect(slots).toContain(minuteOfWeek(o.start));
  });
});
