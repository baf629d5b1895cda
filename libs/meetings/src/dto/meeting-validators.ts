import { registerDecorator, ValidationOptions } from 'class-validator';
import { isLocalDate } from '../schedule/schedule';

export const FELLOWSHIP_CODE = /^[A-Za-z][A-Za-z0-9-]{0,15}$/;
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const TYPE_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/;
/** Digits, +, comma (pause), *, #; spaces and dashes are allowed and dropped. */
export const DIAL_STRING = /^\+?[0-9][0-9 ,*#-]{2,63}$/;

/** A calendar date YYYY-MM-DD that exists. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must be a date YYYY-MM-DD, e.g. 2026-12-24`, ...options },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}

/** Nested objects are objects: an array or a primitive is a 400 naming the field, never a 500 further in. */
export const LOCATION_OBJECT = 'location must be an object { formattedAddress, lat?, lng?, … }';
export const CONFERENCE_OBJECT = 'conference must be an object { url?, phone?, … }';
