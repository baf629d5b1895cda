import { registerDecorator, ValidationOptions } from 'class-validator';

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
/** Nine or more digits, possibly split by spaces, dots, dashes or brackets: a phone number. */
const PHONE = /\+?\d(?:[\s().-]{0,2}\d){8,}/;

/** True when free text carries an email address or a phone number. */
export function containsContactDetails(text: string): boolean {
  return EMAIL.test(text) || PHONE.test(text);
}

/**
 * Refuses free text that carries an email address or phone number: discovery never shows contact details,
 * and numbers are exchanged on the phone list, where both members agreed.
 */
export function HasNoContactDetails(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'hasNoContactDetails',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: {
        message: `${String(propertyKey)} must not contain an email address or phone number; members exchange numbers through the phone list`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !containsContactDetails(value),
      },
    });
}

export const FELLOWSHIP_CODE = /^[A-Za-z][A-Za-z0-9-]{0,15}$/;
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const upperCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const upperCaseEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v))
    : value;
