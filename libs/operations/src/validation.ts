import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export type FieldError = { field: string; messages: string[] };

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages = Object.values(error.constraints).map((m) =>
        // class-validator names nested properties by their own name; say the full path.
        m.startsWith(error.property) && prefix ? `${prefix}.${m}` : m,
      );
      out.push({ field, messages });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/**
 * The global pipe: unknown fields are refused, types are checked and converted, and a 400 names every
 * field that is wrong: `{ statusCode, error, message, fields: [{ field, messages }] }`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: fields.flatMap((f) => f.messages).join('; ') || 'The request body is not valid',
        fields,
      });
    },
  });
}
