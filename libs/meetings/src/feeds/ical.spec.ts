import { escapeText, foldLine, transitions, vtimezone } from './ical';

describe('iCalendar writing', () => {
  it('should escape TEXT values', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });

  it('should fold at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });

  it('should find the real DST changes of a zone and none for a zone without them', () => {
    const ny = transitions('America/New_York', 2026, 2026);
    expect(ny.map((t) => [new Date(t.at).toISOString(), t.from, t.to])).toEqual([
      ['2026-03-08T07:00:00.000Z', -300, -240],
      ['2026-11-01T06:00:00.000Z', -240, -300],
    ]);
    expect(transitions('Asia/Tokyo', 2026, 2027)).toEqual([]);
    const tokyo = vtimezone('Asia/Tokyo', 2026, 2027);
    expect(tokyo).toContain('TZOFFSETTO:+0900');
    expect(vtimezone('America/New_York', 2026, 2026).filter((l) => l === 'BEGIN:DAYLIGHT')).toHaveLength(1);
  });
});
