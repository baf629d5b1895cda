import { consentAskText, consentPushText, consentThanksText } from './outside-consent.service';

/** GSM 03.38's basic set (what one 160-character segment can carry), without the escape table. */
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r]*$/;

describe('consent texts (ADR 0048)', () => {
  it('should name the member and fit one GSM-7 segment for a name of up to 30 characters', () => {
    const text = consentAskText('Sam');
    expect(text).toBe(
      'Sam added you to their Homegroup phone list: may we text you when they could use a call? Reply YES to agree, STOP to opt out.',
    );
    const longest = consentAskText('A'.repeat(30));
    expect(longest.length).toBeLessThanOrEqual(160);
    expect(longest).toMatch(GSM7);
  });

  it('should cut a longer name with a full stop and fold its white space', () => {
    const text = consentAskText(`  Alexandra   ${'x'.repeat(40)}  `);
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text.startsWith(`Alexandra ${'x'.repeat(19)}. added you`)).toBe(true);
  });

  it('should thank in one segment and say nothing about why in the push', () => {
    expect(consentThanksText('Sam')).toBe(
      "Thanks. You'll get a text from Homegroup if Sam could use a call. Reply STOP at any time to stop.",
    );
    expect(consentThanksText('B'.repeat(30)).length).toBeLessThanOrEqual(160);
    expect(consentPushText('Jo', 'given')).toBe('Jo agreed to get your alerts by text');
    expect(consentPushText('Jo', 'withdrawn')).toBe('Jo will not get your alerts by text');
  });
});
