import { cleanAlertText, exceedsDepth, findTextProblem, MAX_INPUT_DEPTH } from './input-guard';

describe('input guard', () => {
  it('should measure nesting without recursion, stopping at the limit', () => {
    const nest = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
    expect(exceedsDepth(nest(MAX_INPUT_DEPTH))).toBe(false);
    expect(exceedsDepth(nest(MAX_INPUT_DEPTH + 1))).toBe(true);
    expect(exceedsDepth(nest(100_000))).toBe(true);
    expect(exceedsDepth({ a: [{ b: 'x' }], c: null })).toBe(false);
    expect(exceedsDepth('text')).toBe(false);
  });

  it('should name the path of the first text that is not text', () => {
    expect(findTextProblem({ name: 'ok', location: { name: 'a\u0000b' } })?.field).toBe('location.name');
    expect(findTextProblem({ meetings: [{}, { slug: 'x' }, { slug: 'b\u0007' }] })?.field).toBe(
      'meetings[2].slug',
    );
    expect(findTextProblem('\ud800', 'q')?.field).toBe('q');
    expect(findTextProblem('\ud800', 'q')?.message).toContain('Unicode');
    expect(findTextProblem({ ['k\u0000']: 1 })?.field).toBe('k\u0000');
    expect(
      findTextProblem({ note: 'line one\nline two\ttabbed\r\n', emoji: '\ud83d\ude00' }),
    ).toBeUndefined();
  });

  it('should skip only the top-level fields it is told are cleaned', () => {
    const cleaned = new Set(['note']);
    expect(findTextProblem({ note: 'a\u0000' }, '', cleaned)).toBeUndefined();
    expect(findTextProblem({ other: { note: 'a\u0000' } }, '', cleaned)?.field).toBe('other.note');
  });

  it('should clean alert text instead of refusing it', () => {
    expect(cleanAlertText('  a\u0000b\u001fc\td\n ', 100)).toBe('abc\td');
    expect(cleanAlertText('x\ud800y', 100)).toBe('x\ufffdy');
    expect(cleanAlertText(42, 100)).toBeUndefined();
    expect(cleanAlertText('\u0000 ', 100)).toBeUndefined();
    // Never half of a surrogate pair at the cut.
    expect(cleanAlertText('ab\ud83d\ude00', 3)).toBe('ab');
    expect(cleanAlertText('y'.repeat(5000), 1000)).toHaveLength(1000);
  });
});
