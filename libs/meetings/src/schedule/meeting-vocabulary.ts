/** The meeting type vocabulary (rows of `meeting_types`) and the questions asked of it. Pure. */

export const MG = 'MG';

export type MeetingTypeRow = {
  vocabulary: string;
  code: string;
  name: string;
  category: string;
  meetingGuideCode: string | null;
  language: string | null;
};

export class MeetingVocabulary {
  /** vocabulary → UPPER(code) → row */
  private readonly byVocabulary = new Map<string, Map<string, MeetingTypeRow>>();
  private readonly mgByLanguage = new Map<string, string>();
  /** Meeting Guide code → every code (any vocabulary) that means it. */
  private readonly equivalentCodes = new Map<string, Set<string>>();

  constructor(readonly rows: MeetingTypeRow[]) {
    for (const row of rows) {
      let codes = this.byVocabulary.get(row.vocabulary);
      if (!codes) this.byVocabulary.set(row.vocabulary, (codes = new Map<string, MeetingTypeRow>()));
      codes.set(row.code.toUpperCase(), row);
      if (row.vocabulary === MG && row.language) this.mgByLanguage.set(row.language, row.code);
      if (row.meetingGuideCode) {
        let same = this.equivalentCodes.get(row.meetingGuideCode);
        if (!same) this.equivalentCodes.set(row.meetingGuideCode, (same = new Set<string>()));
        same.add(row.code);
      }
    }
  }

  /** The row for `code` in the Meeting Guide vocabulary or the fellowship's own (case-insensitive). */
  find(code: string, fellowship?: string): MeetingTypeRow | undefined {
    const key = code.toUpperCase();
    return this.byVocabulary.get(MG)?.get(key) ?? (fellowship ? this.byVocabulary.get(fellowship)?.get(key) : undefined);
  }

  /** The code as the vocabulary spells it ('12X12' → '12x12'), or undefined for an unknown code. */
  canonical(code: string, fellowship?: string): string | undefined {
    return this.find(code, fellowship)?.code;
  }

  /** The reserved Meeting Guide code a stored code stands for, if any. */
  meetingGuideCode(code: string, fellowship?: string): string | undefined {
    const row = this.find(code, fellowship);
    return row?.meetingGuideCode ?? undefined;
  }

  /** The BCP 47 tag of a Meeting Guide language code (S → es), if it is one. */
  languageOf(meetingGuideCode: string): string | undefined {
    const row = this.byVocabulary.get(MG)?.get(meetingGuideCode.toUpperCase());
    return row?.language ?? undefined;
  }

  /** The Meeting Guide code for a language (es → S, pt-BR → POR), if the spec has one. */
  languageCode(tag: string): string | undefined {
    return this.mgByLanguage.get(tag) ?? this.mgByLanguage.get(tag.split('-')[0].toLowerCase());
  }

  /**
   * Codes a search for `code` matches: the code itself and every code meaning the same Meeting Guide
   * code (O ↔ OPEN, X ↔ WCHR). Unknown codes match only themselves.
   */
  equivalents(code: string, fellowship?: string): string[] {
    const row = this.find(code, fellowship);
    if (!row) return [code];
    const mg = row.meetingGuideCode;
    const same = mg ? this.equivalentCodes.get(mg) : undefined;
    return [...new Set([row.code, ...(same ?? [])])].sort();
  }

  /** All rows of one vocabulary, or all of them. */
  list(vocabulary?: string): MeetingTypeRow[] {
    return vocabulary ? this.rows.filter((r) => r.vocabulary === vocabulary) : this.rows;
  }
}
