import { decodeCursor, encodeCursor, searchFingerprint } from './discovery-cursor';

const id = '6f1c1f43-3c1e-4d6a-9a43-0b7a2f7e9d11';

describe('discovery cursor', () => {
  it('should round-trip both orders exactly, including a full-precision distance', () => {
    const nearest = { order: 'nearest' as const, search: 'abc', distanceKm: 21.22846391947316, id };
    expect(decodeCursor(encodeCursor(nearest))).toEqual(nearest);
    const load = {
      order: 'load' as const,
      search: 'abc',
      activeSponsees: 2,
      createdAt: '2026-11-23 16:30:00.123456+00',
      id,
    };
    expect(decodeCursor(encodeCursor(load))).toEqual(load);
  });

  it('should be url-safe', () => {
    const text = encodeCursor({ order: 'nearest', search: '+/=', distanceKm: 1.5, id });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    'not a cursor',
    Buffer.from('{"o":"n","s":"x","d":-1,"i":"' + id + '"}').toString('base64url'),
    Buffer.from('{"o":"l","s":"x","c":1,"t":"yesterday","i":"' + id + '"}').toString('base64url'),
    Buffer.from('{"o":"n","s":"x","d":1,"i":"1; DROP TABLE users"}').toString('base64url'),
    Buffer.from('[]').toString('base64url'),
  ])('should refuse the tampered cursor %s', (text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });

  it('should give different searches different fingerprints', () => {
    expect(searchFingerprint({ fellowship: 'NA' })).not.toBe(searchFingerprint({ fellowship: 'AA' }));
    expect(searchFingerprint({ fellowship: 'NA' })).toBe(searchFingerprint({ fellowship: 'NA' }));
  });
});
