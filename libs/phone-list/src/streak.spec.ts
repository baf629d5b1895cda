import { computeStreak, localDay, shiftDay } from './streak';

const days = (...list: [string, number][]) => list.map(([day, count]) => ({ day, count }));

describe('practice streaks', () => {
  it('should count consecutive days ending today when today is done', () => {
    const s = computeStreak(days(['2026-01-08', 1], ['2026-01-09', 2], ['2026-01-10', 1]), 1, '2026-01-10');
    expect(s).toEqual({ current: 3, longest: 3, today: true });
  });

  it('should not break the streak while today is not done yet', () => {
    const s = computeStreak(days(['2026-01-08', 1], ['2026-01-09', 1]), 1, '2026-01-10');
    expect(s).toEqual({ current: 2, longest: 2, today: false });
  });

  it('should break the streak when yesterday was missed', () => {
    const s = computeStreak(days(['2026-01-07', 1], ['2026-01-08', 1]), 1, '2026-01-10');
    expect(s).toEqual({ current: 0, longest: 2, today: false });
  });

  it('should only count days that reached the daily goal', () => {
    const s = computeStreak(days(['2026-01-08', 3], ['2026-01-09', 2], ['2026-01-10', 3]), 3, '2026-01-10');
    expect(s).toEqual({ current: 1, longest: 1, today: true });
  });

  it('should keep the longest run from the past', () => {
    const s = computeStreak(
      days(['2025-12-01', 1], ['2025-12-02', 1], ['2025-12-03', 1], ['2025-12-04', 1], ['2026-01-09', 1], ['2026-01-10', 1]),
      1,
      '2026-01-10',
    );
    expect(s).toEqual({ current: 2, longest: 4, today: true });
  });

  it('should run across month, year and leap-day boundaries', () => {
    const s = computeStreak(days(['2027-12-31', 1], ['2028-01-01', 1], ['2028-02-28', 1], ['2028-02-29', 1], ['2028-03-01', 1]), 1, '2028-03-01');
    expect(s).toEqual({ current: 3, longest: 3, today: true });
  });

  it('should give zeros without calls and ignore days after today', () => {
    expect(computeStreak([], 1, '2026-01-10')).toEqual({ current: 0, longest: 0, today: false });
    expect(computeStreak(days(['2026-01-11', 1]), 1, '2026-01-10')).toEqual({ current: 0, longest: 0, today: false });
  });

  it('should attribute one instant to different local days in UTC+14 and UTC-10', () => {
    const instant = new Date('2026-01-10T11:00:00Z');
    expect(localDay(instant, 'Pacific/Kiritimati')).toBe('2026-01-11');
    expect(localDay(instant, 'Pacific/Honolulu')).toBe('2026-01-10');
    expect(localDay(new Date('2026-01-10T09:59:00Z'), 'Pacific/Honolulu')).toBe('2026-01-09');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });
});
