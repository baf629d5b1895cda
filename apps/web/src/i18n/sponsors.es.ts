import type { sponsorsEn } from './sponsors.en';

/** Spanish strings of the sponsorship screen. */
export const sponsorsEs: Record<keyof typeof sponsorsEn, string> = {
  navSponsors: 'Padrinazgo',
  sponsorsTitle: 'Padrinazgo',
};
