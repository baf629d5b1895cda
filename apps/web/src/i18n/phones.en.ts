/** English strings of the phone list and practice calls screen (merged into en.ts). */
export const phonesEn = {
  navPhones: 'Phone list',
  phonesTitle: 'Phone list and practice calls',
};
