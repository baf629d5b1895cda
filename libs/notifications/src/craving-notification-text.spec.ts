import { CravingNotificationKind, cravingNotificationText } from './craving-notification-text';

const KINDS: CravingNotificationKind[] = ['alert', 'escalated', 'acknowledged', 'resolved', 'checkin'];

/** Words that would tell someone glancing at a lock screen what this is about. */
const REVEALING = [/crav/i, /urge/i, /relapse/i, /\buse\b/i, /\d/];

describe('cravingNotificationText', () => {
  it('should ask for a call in neutral words by default', () => {
    expect(
      cravingNotificationText({ fromDisplayName: 'Sam', intensity: 7, showDetails: false, kind: 'alert' }),
    ).toEqual({
      title: 'Sam is asking for a call',
      body: 'Open Homegroup to let them know you are there.',
    });
  });

  it('should say craving and the intensity only to a recipient who opted in', () => {
    const text = cravingNotificationText({
      fromDisplayName: 'Sam',
      intensity: 7,
      showDetails: true,
      kind: 'alert',
    });
    expect(text.title).toBe('Sam flagged a craving (intensity 7/10)');
    expect(text.body).toContain('Sam');
  });

  it('should check in with the owner neutrally', () => {
    expect(
      cravingNotificationText({
        fromDisplayName: 'Sam',
        intensity: null,
        showDetails: false,
        kind: 'checkin',
      }).body,
    ).toBe('Checking in: how are you doing?');
  });

  it.each(KINDS)('should keep the neutral %s text free of craving words and numbers', (kind) => {
    for (const intensity of [1, 7, 10, null]) {
      const text = cravingNotificationText({ fromDisplayName: 'Sam', intensity, showDetails: false, kind });
      const shown = `${text.title}\n${text.body}`;
      expect(text.title.length).toBeGreaterThan(0);
      expect(text.body.length).toBeGreaterThan(0);
      for (const pattern of REVEALING) expect(shown).not.toMatch(pattern);
    }
  });

  it.each(KINDS)('should give a detailed %s text that differs from the neutral one', (kind) => {
    const neutral = cravingNotificationText({
      fromDisplayName: 'Sam',
      intensity: 7,
      showDetails: false,
      kind,
    });
    const detailed = cravingNotificationText({
      fromDisplayName: 'Sam',
      intensity: 7,
      showDetails: true,
      kind,
    });
    expect(detailed).not.toEqual(neutral);
    expect(`${detailed.title} ${detailed.body}`).toMatch(/crav/i);
  });

  it('should name the responder to the owner and the other recipients', () => {
    const text = cravingNotificationText({
      fromDisplayName: 'Alex',
      intensity: 3,
      showDetails: false,
      kind: 'acknowledged',
    });
    expect(text.title).toBe('Alex is responding');
  });

  it('should leave out an intensity that is missing or out of range, even with details', () => {
    expect(
      cravingNotificationText({ fromDisplayName: 'Sam', intensity: null, showDetails: true, kind: 'alert' })
        .title,
    ).toBe('Sam flagged a craving');
    expect(
      cravingNotificationText({ fromDisplayName: 'Sam', intensity: 42, showDetails: true, kind: 'alert' })
        .title,
    ).toBe('Sam flagged a craving');
  });

  it('should fit a long or blank name on one line', () => {
    const long = cravingNotificationText({
      fromDisplayName: `  ${'A'.repeat(80)}\n`,
      intensity: 5,
      showDetails: false,
      kind: 'alert',
    });
    expect(long.title).not.toContain('\n');
    expect(long.title.length).toBeLessThanOrEqual(40 + ' is asking for a call'.length);
    expect(
      cravingNotificationText({ fromDisplayName: '  ', intensity: 5, showDetails: false, kind: 'alert' })
        .title,
    ).toBe('Someone is asking for a call');
  });
});
