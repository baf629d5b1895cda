import type { meEn } from './me.en';

/** Spanish strings of the Me screen. */
export const meEs: Record<keyof typeof meEn, string> = {
  navMe: 'Yo',
  meTitle: 'Mis datos',
};
