import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { cleanedFieldsOf, exceedsDepth, findTextProblem, MAX_INPUT_DEPTH } from './input-guard';

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

/** The one 400 of the API: `{ statusCode, error, message, fields: [{ field, messages }] }`. */
export function badRequest(fields: FieldError[], fallback = 'The request is not valid'): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: fields.flatMap((f) => f.messages).join('; ') || fallback,
    fields,
  });
}

const LOCATION_NAME: Record<ArgumentMetadata['type'], string> = {
  body: 'The request body',
  query: 'The query string',
  param: 'The path',
  custom: 'The request',
};

/**
 * The global pipe (also used for socket payloads): nesting is bounded and text must be text (input-guard.ts)
 * before anything else looks at the value; then unknown fields are refused, types are checked and converted,
 * and a 400 names every field that is wrong.
 */
export class InputValidationPipe extends ValidationPipe {
  /** @param bodyName how a whole body is called in messages ("The payload" for socket events). */
  constructor(private readonly bodyName = LOCATION_NAME.body) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => badRequest(flatten(errors), 'The request body is not valid'),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameter decorators (@CurrentUser) carry what the server made, not input; an undeclared whole
    // body (a socket handler's `@MessageBody() payload: unknown`) is validated by its handler, which answers
    // in the event's ack (validateSocketPayload) rather than through Nest's `exception` event.
    if (
      metadata.type === 'custom' ||
      (metadata.data === undefined && (metadata.metatype ?? Object) === Object)
    ) {
      return super.transform(value, metadata);
    }
    if (exceedsDepth(value)) {
      throw badRequest([
        {
          field: metadata.data ?? (metadata.type === 'body' ? 'body' : metadata.type),
          messages: [
            `${metadata.type === 'body' ? this.bodyName : LOCATION_NAME[metadata.type]} nests more than ${MAX_INPUT_DEPTH} levels deep`,
          ],
        },
      ]);
    }
    // A single named parameter (`@Query('q')`) is named by its key; a DTO's fields by their paths.
    const problem = findTextProblem(value, metadata.data ?? '', cleanedFieldsOf(metadata.metatype));
    if (problem) throw badRequest([{ field: problem.field, messages: [problem.message] }]);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe();
}

const SOCKET_PIPE = new InputValidationPipe('The payload');

/** Validates a socket payload exactly as HTTP validates a body (the same pipe, so the same 400s). */
export async function validateSocketPayload<T extends object>(
  type: new () => T,
  payload: unknown,
): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw badRequest([{ field: 'payload', messages: ['The payload must be a JSON object'] }]);
  }
  return (await SOCKET_PIPE.transform(payload, { type: 'body', metatype: type, data: undefined })) as T;
}
