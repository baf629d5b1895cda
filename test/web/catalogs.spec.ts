import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { en } from '../../apps/web/src/i18n/en';
import { es } from '../../apps/web/src/i18n/es';
import { listingsEn } from '../../apps/web/src/i18n/listings.en';
import { listingsEs } from '../../apps/web/src/i18n/listings.es';

/** Unit tests of the web app that need no browser (they run in `npm test`'s unit project). */
describe('web: string catalogs', () => {
  const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('should have every English key in Spanish, with the same placeholders, and no empty string', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(es[key])]).toEqual([key, placeholders(en[key])]);
      expect(es[key].trim()).not.toBe('');
    }
  });

  it('should complete the strings on-demand chunks add (ADR 0046) the same way, with no key of the first load', () => {
    expect(Object.keys(listingsEs).sort()).toEqual(Object.keys(listingsEn).sort());
    for (const key of Object.keys(listingsEn) as (keyof typeof listingsEn)[]) {
      expect([key, placeholders(listingsEs[key])]).toEqual([key, placeholders(listingsEn[key])]);
      expect(listingsEs[key].trim()).not.toBe('');
      expect([key, key in en]).toEqual([key, false]);
    }
  });

  it('should name the craving button with "craving" in every language (the product promises it)', () => {
    for (const catalog of [en, es]) expect(catalog.cravingButton.toLowerCase()).toContain('craving');
  });
});

describe('web: the typed API client', () => {
  it('should be what openapi-typescript makes from the committed openapi/openapi.json', () => {
    const root = resolve(__dirname, '../..');
    const out = execFileSync(process.execPath, ['scripts/check-web-api.mjs'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('matches openapi/openapi.json');
  });
});
