import { startMinuteRanges } from './bmlt.repository';

describe('startMinuteRanges (BMLT weekday and start window → UTC minute-of-week ranges of the slot index)', () => {
  const mow = (weekday: number, local: number, offset: number): number =>
    (((weekday * 1440 + local - offset) % 10080) + 10080) % 10080;
  const inside = (ranges: [number, number][], m: number): boolean => ranges.some(([a, b]) => a <= m && m <= b);

  it('should hold every slot a weekday and window can match, in any zone from UTC−12 to UTC+14', () => {
    for (const weekday of [0, 3, 6])
      for (const [after, before] of [
        [undefined, undefined],
        [18 * 60, 21 * 60],
        [undefined, 60],
        [22 * 60, undefined],
      ] as const) {
        const ranges = startMinuteRanges([weekday], after, before);
        expect(ranges).not.toBeNull();
        for (let local = (after ?? -1) + 1; local < (before ?? 1440); local += 7)
          for (let offset = -720; offset <= 840; offset += 15) expect(inside(ranges!, mow(weekday, local, offset))).toBe(true);
      }
  });

  it('should leave out most of the week: Monday after 18:00 and before 21:00 is 1,739 minutes of 10,080, Sunday wraps into Saturday', () => {
    const monday = startMinuteRanges([1], 18 * 60, 21 * 60)!;
    expect(monday.reduce((sum, [a, b]) => sum + b - a + 1, 0)).toBe(178 + 1560 + 1);
    expect(inside(monday, mow(3, 19 * 60, 0))).toBe(false);
    const sunday = startMinuteRanges([0])!;
    expect(sunday).toHaveLength(2);
    expect(inside(sunday, mow(0, 0, 840))).toBe(true);
    expect(inside(sunday, mow(3, 12 * 60, 0))).toBe(false);
  });

  it('should not narrow without a weekday, with four or more, or with an empty window', () => {
    expect(startMinuteRanges([])).toBeNull();
    expect(startMinuteRanges([1, 2, 3, 4])).toBeNull();
    expect(startMinuteRanges([1], 20 * 60, 20 * 60)).toBeNull();
  });
});
