import { DUPLICATE_NAME_SIMILARITY, nameSimilarity, normalizeName } from './name-similarity';

describe('nameSimilarity (pg_trgm-style trigrams on folded names)', () => {
  it('should fold case, accents, punctuation and "&"', () => {
    expect(normalizeName('  Café & Friends!! ')).toBe('cafe and friends');
  });

  it('should rate the same meeting written differently at or above the threshold', () => {
    expect(nameSimilarity('Step Up & Be Free', 'step up and be free!')).toBe(1);
    expect(nameSimilarity('Step up and Be Free', 'Step Up and Be Free Group')).toBeGreaterThanOrEqual(DUPLICATE_NAME_SIMILARITY);
    expect(nameSimilarity('Ties That Bind Us Together', 'Ties That Bind Us')).toBeGreaterThanOrEqual(DUPLICATE_NAME_SIMILARITY);
  });

  it('should rate different meetings below the threshold, and empty names 0', () => {
    expect(nameSimilarity('A New Way of Life', 'Ties That Bind Us Together')).toBeLessThan(DUPLICATE_NAME_SIMILARITY);
    expect(nameSimilarity('Monday Night Big Book', 'Monday Night Step Study')).toBeLessThan(DUPLICATE_NAME_SIMILARITY);
    expect(nameSimilarity('', 'anything')).toBe(0);
    expect(nameSimilarity('!!', '??')).toBe(0);
  });
});
