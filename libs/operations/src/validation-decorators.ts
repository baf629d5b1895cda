import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';

/**
 * What an optional field does with an explicit `null` (ADR 0021). class-validator's `@IsOptional` skips the
 * field's checks for `null` as well as for a missing field, so a `null` reached services that cannot store
 * it (a NOT NULL column, a `.trim()`), and the answer was a 500. Every optional field says which it is:
 *
 *   @OptionalNotNull()  leave it out to keep the current value; `null` is refused with 400 naming the field.
 *   @OptionalNullable() `null` is a value (clears it, or means "none"); the document says `type: [..., null]`.
 *
 * `@IsOptional` itself is refused by the linter (no-restricted-imports) in the API's code.
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false }),
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: 'optionalNotNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'this field'} must not be null: leave it out to keep the current value`,
      },
    }),
  );
}

/** An optional field whose `null` is meaningful (clears the value or means "none"); documented as nullable. */
export function OptionalNullable(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false, nullable: true }),
    ValidateIf((_object: object, value: unknown) => value !== null && value !== undefined),
  );
}
