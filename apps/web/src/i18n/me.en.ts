/** English strings of the Me screen (merged into en.ts). */
export const meEn = {
  navMe: 'Me',
  meTitle: 'Me',
};
