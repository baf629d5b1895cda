import { DateTime } from 'luxon';
import { secondsUntilNextMorning } from './cravings.service';

const morningOf = (now: Date, zone: string): string =>
  DateTime.fromMillis(now.getTime() + secondsUntilNextMorning(now, zone) * 1000, { zone }).toISO() ?? '';

describe('the next-morning check-in', () => {
  it('should fall at 09:00 the next local day, or the same day when raised before 05:00', () => {
    expect(morningOf(new Date('2026-12-01T20:00:00Z'), 'America/New_York')).toBe(
      '2026-12-02T09:00:00.000-05:00',
    );
    expect(morningOf(new Date('2026-12-01T08:30:00Z'), 'America/New_York')).toBe(
      '2026-12-01T09:00:00.000-05:00',
    );
    expect(morningOf(new Date('2026-12-01T10:00:00Z'), 'Pacific/Auckland')).toBe(
      '2026-12-02T09:00:00.000+13:00',
    );
    expect(morningOf(new Date('2026-12-01T10:00:00Z'), 'Asia/Kathmandu')).toBe(
      '2026-12-02T09:00:00.000+05:45',
    );
  });

  it('should keep local 09:00 across a daylight-saving change overnight', () => {
    // New York falls back on 2026-11-01 at 02:00: 09:00 that morning is EST.
    expect(morningOf(new Date('2026-11-01T02:00:00Z'), 'America/New_York')).toBe(
      '2026-11-01T09:00:00.000-05:00',
    );
  });

  it('should answer the same instant for every moment of a quarter hour, and a later one after 05:00 local', () => {
    const first = new Date('2026-12-01T09:45:00Z'); // 04:45 in New York: this morning
    const later = new Date('2026-12-01T09:59:59Z'); // 04:59:59, same quarter hour: still this morning
    const after = new Date('2026-12-01T10:00:00Z'); // 05:00: tomorrow morning
    expect(morningOf(first, 'America/New_York')).toBe('2026-12-01T09:00:00.000-05:00');
    expect(morningOf(later, 'America/New_York')).toBe('2026-12-01T09:00:00.000-05:00');
    expect(morningOf(after, 'America/New_York')).toBe('2026-12-02T09:00:00.000-05:00');
    expect(secondsUntilNextMorning(later, 'America/New_York')).toBe(
      secondsUntilNextMorning(first, 'America/New_York') - 899,
    );
  });
});
