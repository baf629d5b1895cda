import { isAvailableAt, localWeekdayAndMinute, minutesOfDay } from './availability';

const at = (iso: string): Date => new Date(iso);

describe('availability windows', () => {
  it('should treat no windows as always available', () => {
    expect(isAvailableAt([], 'Pacific/Honolulu', at('2026-01-01T03:00:00Z'))).toBe(true);
  });

  it('should compare wall-clock time in the member’s own zone, not UTC', () => {
    // Monday 2026-01-05, 09:00–17:00 in Auckland (UTC+13 in January).
    const windows = [{ days: [1], start: '09:00', end: '17:00' }];
    // Sunday 2026-01-04 20:30 UTC = Monday 09:30 in Auckland.
    expect(isAvailableAt(windows, 'Pacific/Auckland', at('2026-01-04T20:30:00Z'))).toBe(true);
    // Monday 2026-01-05 09:30 UTC = Monday 22:30 in Auckland.
    expect(isAvailableAt(windows, 'Pacific/Auckland', at('2026-01-05T09:30:00Z'))).toBe(false);
  });

  it('should include the start minute and exclude the end minute', () => {
    const windows = [{ days: [3], start: '18:00', end: '20:00' }];
    // Wednesday 2026-01-07 in UTC.
    expect(isAvailableAt(windows, 'UTC', at('2026-01-07T17:59:00Z'))).toBe(false);
    expect(isAvailableAt(windows, 'UTC', at('2026-01-07T18:00:00Z'))).toBe(true);
    expect(isAvailableAt(windows, 'UTC', at('2026-01-07T19:59:59Z'))).toBe(true);
    expect(isAvailableAt(windows, 'UTC', at('2026-01-07T20:00:00Z'))).toBe(false);
  });

  it('should let a window that spans midnight run into the next day, and only after a listed day', () => {
    // Friday 22:00 → Saturday 02:00 in Honolulu (UTC-10, no DST).
    const windows = [{ days: [5], start: '22:00', end: '02:00' }];
    // Friday 2026-01-09 23:00 HST = 2026-01-10 09:00 UTC.
    expect(isAvailableAt(windows, 'Pacific/Honolulu', at('2026-01-10T09:00:00Z'))).toBe(true);
    // Saturday 01:30 HST = 2026-01-10 11:30 UTC.
    expect(isAvailableAt(windows, 'Pacific/Honolulu', at('2026-01-10T11:30:00Z'))).toBe(true);
    // Saturday 02:00 HST: over.
    expect(isAvailableAt(windows, 'Pacific/Honolulu', at('2026-01-10T12:00:00Z'))).toBe(false);
    // Saturday 23:00 HST: Saturday is not a listed day.
    expect(isAvailableAt(windows, 'Pacific/Honolulu', at('2026-01-11T09:00:00Z'))).toBe(false);
    // Friday 01:00 HST: the early part belongs to Thursday's window, and Thursday is not listed.
    expect(isAvailableAt(windows, 'Pacific/Honolulu', at('2026-01-09T11:00:00Z'))).toBe(false);
  });

  it('should keep local hours across the spring-forward change (America/New_York, 2026-03-08)', () => {
    const windows = [{ days: [0], start: '01:00', end: '04:00' }];
    // 01:30 EST = 06:30 UTC: inside.
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-08T06:30:00Z'))).toBe(true);
    // 07:00 UTC = 03:00 EDT (02:00–03:00 does not exist that night): still inside.
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-08T07:00:00Z'))).toBe(true);
    // 08:00 UTC = 04:00 EDT: over, after only two real hours.
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-08T08:00:00Z'))).toBe(false);
    // The same window a week earlier closes at 09:00 UTC (04:00 EST).
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-01T08:30:00Z'))).toBe(true);
  });

  it('should follow the zone’s offset change for an ordinary window (09:00–17:00 before and after DST)', () => {
    const windows = [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }];
    // Monday 2026-03-02 13:30 UTC = 08:30 EST: not yet.
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-02T13:30:00Z'))).toBe(false);
    // Monday 2026-03-09 13:30 UTC = 09:30 EDT: open.
    expect(isAvailableAt(windows, 'America/New_York', at('2026-03-09T13:30:00Z'))).toBe(true);
  });

  it('should keep a midnight-spanning window right across the fall-back change (Europe/London, 2026-10-25)', () => {
    // Saturday 23:00 → Sunday 03:00 London time.
    const windows = [{ days: [6], start: '23:00', end: '03:00' }];
    // 00:30 UTC = 01:30 BST (first pass through 01:xx).
    expect(isAvailableAt(windows, 'Europe/London', at('2026-10-25T00:30:00Z'))).toBe(true);
    // 01:30 UTC = 01:30 GMT (second pass): still inside.
    expect(isAvailableAt(windows, 'Europe/London', at('2026-10-25T01:30:00Z'))).toBe(true);
    // 02:59 UTC = 02:59 GMT: inside; 03:00 GMT: over (five real hours in all).
    expect(isAvailableAt(windows, 'Europe/London', at('2026-10-25T02:59:00Z'))).toBe(true);
    expect(isAvailableAt(windows, 'Europe/London', at('2026-10-25T03:00:00Z'))).toBe(false);
  });

  it('should treat equal start and end as 24 hours from the start', () => {
    const windows = [{ days: [1], start: '00:00', end: '00:00' }];
    expect(isAvailableAt(windows, 'UTC', at('2026-01-05T00:00:00Z'))).toBe(true);
    expect(isAvailableAt(windows, 'UTC', at('2026-01-05T23:59:00Z'))).toBe(true);
    expect(isAvailableAt(windows, 'UTC', at('2026-01-06T00:00:00Z'))).toBe(false);
  });

  it('should compute local weekdays with Sunday as 0 in zones a day apart', () => {
    // 2026-01-04 (Sunday) 23:00 UTC is Monday noon in Kiritimati (UTC+14) and Sunday 13:00 in Honolulu.
    const instant = at('2026-01-04T23:00:00Z');
    expect(localWeekdayAndMinute('Pacific/Kiritimati', instant)).toEqual({ weekday: 1, minute: 13 * 60 });
    expect(localWeekdayAndMinute('Pacific/Honolulu', instant)).toEqual({ weekday: 0, minute: 13 * 60 });
  });

  it('should fall back to UTC for an unknown zone and refuse malformed times', () => {
    expect(localWeekdayAndMinute('Mars/Olympus', at('2026-01-04T23:00:00Z'))).toEqual({ weekday: 0, minute: 23 * 60 });
    expect(() => minutesOfDay('24:00')).toThrow();
    expect(minutesOfDay('23:59')).toBe(23 * 60 + 59);
  });
});
