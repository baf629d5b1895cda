import {
  generateInviteCode,
  hashInviteCode,
  INVITE_ALPHABET,
  INVITE_CODE_LENGTH,
  isWellFormedInviteCode,
  normalizeInviteCode,
} from './invite-code';

describe('invite codes', () => {
  it('should use an alphabet without look-alike characters', () => {
    for (const c of ['0', 'O', '1', 'I', 'L']) expect(INVITE_ALPHABET).not.toContain(c);
    expect(new Set(INVITE_ALPHABET).size).toBe(INVITE_ALPHABET.length);
  });

  it('should generate well-formed, distinct codes of at least 8 characters', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateInviteCode()));
    expect(codes.size).toBe(2000);
    expect(INVITE_CODE_LENGTH).toBeGreaterThanOrEqual(8);
    for (const code of codes) expect(isWellFormedInviteCode(code)).toBe(true);
  });

  it('should normalize case, spaces and dashes to the same hash', () => {
    expect(normalizeInviteCode(' k7p9-xq2m hc ')).toBe('K7P9XQ2MHC');
    expect(hashInviteCode(normalizeInviteCode('k7p9-xq2m-hc')).equals(hashInviteCode('K7P9XQ2MHC'))).toBe(true);
    expect(isWellFormedInviteCode('K7P9XQ2MH0')).toBe(false);
    expect(isWellFormedInviteCode('K7P9XQ2MH')).toBe(false);
  });
});
