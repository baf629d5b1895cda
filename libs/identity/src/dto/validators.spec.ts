import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { UpdateProfileDto } from './update-profile.dto';
import { toE164Phone } from './validators';

const errorsFor = (input: Record<string, unknown>): string[] =>
  validateSync(plainToInstance(UpdateProfileDto, input)).map((e) => e.property);

describe('profile validators', () => {
  it.each(['+14155550123', '+447911123456', '+6421234567'])('should accept the E.164 number %s', (phone) => {
    expect(errorsFor({ phone })).toEqual([]);
  });

  it.each(['4155550123', '+1 415 555 0123', '+1999', '+0123456789', 'phone'])('should refuse %s as a phone', (phone) => {
    expect(errorsFor({ phone })).toEqual(['phone']);
  });

  it.each(['Pacific/Auckland', 'America/New_York', 'UTC'])('should accept the IANA zone %s', (timezone) => {
    expect(errorsFor({ timezone })).toEqual([]);
  });

  it.each(['EST5EDT-ish', 'GMT+5', 'Mars/Olympus'])('should refuse %s as a time zone', (timezone) => {
    expect(errorsFor({ timezone })).toEqual(['timezone']);
  });

  it('should refuse a clean date in the future or one that does not exist', () => {
    expect(errorsFor({ cleanDate: '2999-01-01' })).toEqual(['cleanDate']);
    expect(errorsFor({ cleanDate: '2023-02-29' })).toEqual(['cleanDate']);
    expect(errorsFor({ cleanDate: '2024-02-29' })).toEqual([]);
  });

  it('should allow null to clear phone and clean date', () => {
    expect(errorsFor({ phone: null, cleanDate: null })).toEqual([]);
  });
});

describe('toE164Phone (numbers as people type them, ADR 0045)', () => {
  it.each([
    ['(415) 555-0123', 'US', '+14155550123'],
    ['415.555.0123', 'us', '+14155550123'],
    ['020 7946 0123', 'GB', '+442079460123'],
    ['+44 20 7946 0123', 'US', '+442079460123'],
    ['+1 415 555 0123', null, '+14155550123'],
  ])('should read %s in %s as %s', (input, country, e164) => {
    expect(toE164Phone(input, country)).toBe(e164);
  });

  it.each([
    ['415 555 0123', null],
    ['555', 'US'],
    ['+1999', 'US'],
    ['call me', 'US'],
    ['020 7946 0123', 'ZZ'],
  ])('should refuse %s in %s', (input, country) => {
    expect(toE164Phone(input, country)).toBeNull();
  });
});
