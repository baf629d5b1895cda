import { freeSlug, slugify } from './slug';

describe('slugs', () => {
  it('should make URL-safe slugs without accents or punctuation, at most 60 characters', () => {
    expect(slugify('Serenity Now! (Tuesday)')).toBe('serenity-now-tuesday');
    expect(slugify('Café Ñandú — Brüder')).toBe('cafe-nandu-bruder');
    expect(slugify('!!!')).toBe('meeting');
    expect(slugify('a'.repeat(80))).toHaveLength(60);
  });

  it('should pick the first free numbered slug', () => {
    expect(freeSlug('calm', new Set())).toBe('calm');
    expect(freeSlug('calm', new Set(['calm', 'calm-2']))).toBe('calm-3');
  });
});
