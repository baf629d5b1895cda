import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { OptionalNullable } from '@homegroup/operations';
import { IANAZone } from 'luxon';
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** An IANA time zone name such as `Europe/London` (not an offset, not an abbreviation). */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must be an IANA time zone such as Europe/London`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value) },
    });
}

/** Whether `value` is a phone number in E.164 form, valid in its numbering plan (what members' phones are). */
export const isE164Phone = (value: unknown): value is string =>
  typeof value === 'string' && /^\+[1-9]\d{6,14}$/.test(value) && isValidPhoneNumber(value);

/**
 * A phone number as a person types it (`+44 20 7946 0123`, `(415) 555-0123`), in E.164 form: an international
 * number as it is, a national one read in `country` (the member's country, ISO alpha-2; none: only international
 * numbers are understood). Null when it is not a valid number there.
 */
export function toE164Phone(input: string, country?: string | null): string | null {
  try {
    const parsed = parsePhoneNumberFromString(input, country ? (country.toUpperCase() as CountryCode) : undefined);
    return parsed?.isValid() && isE164Phone(parsed.number) ? parsed.number : null;
  } catch {
    return null; // a country the library does not know
  }
}

/** A phone number in E.164 form (`+` and country code), checked against the numbering plan. */
export function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isE164Phone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: {
        message: `${String(propertyKey)} must be a phone number in international form, e.g. +14155550123`,
        ...options,
      },
      validator: {
        validate: isE164Phone,
      },
    });
}

/** A calendar date `YYYY-MM-DD` that is not in the future. */
export function IsPastDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isPastDate',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must be a date (YYYY-MM-DD) that is not in the future`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return (
            !Number.isNaN(date.getTime()) &&
            date.toISOString().startsWith(value) &&
            date.getTime() <= Date.now() + 14 * 3600_000 &&
            date.getUTCFullYear() >= 1900
          );
        },
      },
    });
}

export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Each string of a list trimmed (other values left for the validators to refuse). */
export const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : value;

/**
 * The member's country, the same field on sign-up (`POST /auth/register`) and `PATCH /me`: optional, `null` for
 * none, trimmed and upper-cased, then exactly two letters (ISO 3166-1 alpha-2).
 */
export function CountryField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: 'US',
      nullable: true,
      type: String,
      description:
        'ISO 3166-1 alpha-2 country: which crisis lines you are shown (US lines when unset; a country with no stored lines gets neutral wording and no numbers)',
    }),
    OptionalNullable(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)),
    IsString(),
    Matches(/^[A-Z]{2}$/, {
      message: 'country must be a two-letter ISO 3166-1 code such as US, GB or CA (or null)',
    }),
  );
}
