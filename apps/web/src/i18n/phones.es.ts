import type { phonesEn } from './phones.en';

/** Spanish strings of the phone list and practice calls screen. */
export const phonesEs: Record<keyof typeof phonesEn, string> = {
  navPhones: 'Lista de teléfonos',
  phonesTitle: 'Lista de teléfonos y llamadas de práctica',
};
