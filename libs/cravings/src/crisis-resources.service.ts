import { Injectable } from '@nestjs/common';
import type { CrisisResource } from '@homegroup/contracts';
import { CravingsRepository } from './cravings.repository';

/** The lines of a member who has not set a country. */
export const DEFAULT_COUNTRY = 'US';

/** Crisis lines per country (reference data from `crisis_resources`), kept in memory once read. */
@Injectable()
export class CrisisResourcesService {
  private readonly cache = new Map<string, Promise<CrisisResource[]>>();

  constructor(private readonly repository: CravingsRepository) {}

  /**
   * The country's lines (the US ones when no country is set). A country with none stored gets none — never
   * another country's numbers — and crisisTexts words everything neutrally ("your local emergency number").
   */
  async forCountry(country?: string | null): Promise<CrisisResource[]> {
    return this.load((country ?? DEFAULT_COUNTRY).toUpperCase());
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
