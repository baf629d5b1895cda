/**
 * The carrier-standard keywords (CTIA; Twilio's Advanced Opt-Out handles the same words). A text whose whole
 * normalised body is one of these is a keyword; anything else goes to the registered reply handlers.
 * YES is NOT a re-subscribe word: it is the consent feature's answer, handled by its reply handler.
 */
export const OPT_OUT_WORDS = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit'] as const;
export const OPT_IN_WORDS = ['start', 'unstop'] as const;
export const HELP_WORDS = ['help', 'info'] as const;

export type SmsKeyword = 'stop' | 'start' | 'help';

/**
 * A text as the handlers compare it: trimmed, case-folded, accents kept, punctuation and symbols removed,
 * runs of white space made one space (`" Stop! "` → `stop`, `"Yes, please."` → `yes please`).
 */
export function normaliseReply(body: string): string {
  return (body ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Which keyword a normalised text is, or null. */
export function keywordOf(normalised: string): SmsKeyword | null {
  if ((OPT_OUT_WORDS as readonly string[]).includes(normalised)) return 'stop';
  if ((OPT_IN_WORDS as readonly string[]).includes(normalised)) return 'start';
  if ((HELP_WORDS as readonly string[]).includes(normalised)) return 'help';
  return null;
}
