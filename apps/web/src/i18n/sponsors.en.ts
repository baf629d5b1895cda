/** English strings of the sponsorship screen (merged into en.ts). */
export const sponsorsEn = {
  navSponsors: 'Sponsorship',
  sponsorsTitle: 'Sponsorship',
};
