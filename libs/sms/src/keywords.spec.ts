import { keywordOf, normaliseReply, OPT_OUT_WORDS } from './keywords';
import { maskPhone, normalisePhone } from './phone';

describe('inbound keywords', () => {
  it('should trim, case-fold and strip punctuation before comparing', () => {
    expect(normaliseReply('  STOP! ')).toBe('stop');
    expect(normaliseReply('Yes, please.')).toBe('yes please');
    expect(normaliseReply('“Start”')).toBe('start');
    expect(normaliseReply('1\n')).toBe('1');
    expect(normaliseReply('')).toBe('');
  });

  it('should know the carrier opt-out, opt-in and help words, and nothing else', () => {
    for (const word of OPT_OUT_WORDS) expect(keywordOf(normaliseReply(word.toUpperCase()))).toBe('stop');
    expect(keywordOf('start')).toBe('start');
    expect(keywordOf('unstop')).toBe('start');
    expect(keywordOf('help')).toBe('help');
    expect(keywordOf('info')).toBe('help');
    // YES is the consent feature's word, not a re-subscribe; a sentence containing STOP is not STOP.
    expect(keywordOf('yes')).toBeNull();
    expect(keywordOf(normaliseReply('please stop texting'))).toBeNull();
  });
});

describe('phone numbers', () => {
  it('should normalise international numbers to E.164 with their country, and refuse national or invalid ones', () => {
    expect(normalisePhone('+1 (415) 555-0123')).toEqual({ e164: '+14155550123', country: 'US' });
    expect(normalisePhone('+33 6 12 34 56 78')).toEqual({ e164: '+33612345678', country: 'FR' });
    expect(normalisePhone('4155550123')).toBeNull();
    expect(normalisePhone('+1 415')).toBeNull();
    expect(normalisePhone('+1415555012a')).toBeNull();
  });

  it('should mask all but the country code and the last four digits', () => {
    expect(maskPhone('+14155554567')).toBe('+1 ••• ••• 4567');
    expect(maskPhone('+447911123456')).toBe('+44 ••• ••• 3456');
    expect(maskPhone('nonsense')).toBe('•••');
  });
});
