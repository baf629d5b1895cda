/**
 * How alike two meeting names are, 0 to 1: pg_trgm's trigram similarity (shared trigrams over all trigrams, words
 * padded with two spaces in front and one behind) on names folded to lower-case ASCII letters and digits, so
 * "Step Up & Be Free" and "step up and be free!" compare as near equals. The import links an item to another
 * source's meeting at `DUPLICATE_NAME_SIMILARITY` or more (ADR 0043).
 */
export const DUPLICATE_NAME_SIMILARITY = 0.6;

export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function trigrams(name: string): Set<string> {
  const grams = new Set<string>();
  for (const word of normalizeName(name).split(' ').filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared += 1;
  return shared / (x.size + y.size - shared);
}
