import { Injectable } from '@nestjs/common';
import type { CrisisResource } from '@homegroup/contracts';
import { CravingsRepository } from './cravings.repository';

export const DEFAULT_COUNTRY = 'US';
export const NOT_AN_EMERGENCY_SERVICE =
  'Homegroup is not an emergency service. If you are in danger, may overdose, or someone is not breathing, call 911 ' +
  '(or your local emergency number) now.';

/** Crisis lines per country (reference data from `crisis_resources`), kept in memory once read. */
@Injectable()
export class CrisisResourcesService {
  private readonly cache = new Map<string, Promise<CrisisResource[]>>();

  constructor(private readonly repository: CravingsRepository) {}

  /** The country's lines; the US defaults when the country has none stored. */
  async forCountry(country?: string | null): Promise<CrisisResource[]> {
    const code = (country ?? DEFAULT_COUNTRY).toUpperCase();
    const own = await this.load(code);
    return own.length > 0 ? own : this.load(DEFAULT_COUNTRY);
  }

  private load(code: string): Promise<CrisisResource[]> {
    let found = this.cache.get(code);
    if (!found) {
      found = this.repository.crisisResources(code).catch((error: unknown) => {
        this.cache.delete(code);
        throw error;
      });
      this.cache.set(code, found);
    }
    return found;
  }
}
