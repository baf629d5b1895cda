import { containsContactDetails } from './validators';

describe('contact details in free text', () => {
  it.each([
    'Call me on +1 415 555 0123',
    'text 415-555-0123 anytime',
    'sam.k@example.org',
    'reach me: (415) 555.0123',
  ])('should find contact details in %j', (text) => {
    expect(containsContactDetails(text)).toBe(true);
  });

  it.each([
    'Clean since 2019, working the steps with two sponsees',
    'Brooklyn, NY',
    'Home group: Tuesday 7pm, 12 steps and 12 traditions',
    'Sober 10 years @ home group',
  ])('should let %j through', (text) => {
    expect(containsContactDetails(text)).toBe(false);
  });
});
