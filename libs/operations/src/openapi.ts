import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY } from './public.decorator';

/** The security scheme every member route uses (a JWT access token). */
export const ACCESS_TOKEN_SCHEME = 'access-token';

/** How the realtime channel is reached; stated in the document and the README (see ADR 0021). */
export const SOCKET_TRANSPORT = {
  path: '/socket.io',
  protocol: 'socket.io',
  transports: ['websocket'],
  auth: 'handshake auth.token = access token',
} as const;

const ERROR_SCHEMA = 'ErrorResponse';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
};

/** Extra error statuses an operation documents with `@ApiErrors(409, 403…)`. */
export const API_ERRORS_KEY = 'homegroup:api-errors';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid; `message` says why and `fields` names each field',
  401: 'No valid access token',
  403: 'The caller may not do this',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflicts with the current state',
  413: 'The request body is too large',
  415: 'The body is not application/json',
  429: 'Too many requests; Retry-After says when to retry',
  503: 'The server is busy or its database unreachable; retry shortly',
};

/**
 * The OpenAPI document exactly as the API behaves (ADR 0021). Nest's scanner writes what the decorators say;
 * this adds what the decorators cannot: security from @Public/@OptionalAuth, the error responses every
 * operation can give (one `ErrorResponse` schema), `null` written so that a JSON Schema validator accepts
 * it, closed objects, servers and the socket transport. Works on a preview app (no database).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Homegroup API')
      .setDescription(
        'Meetings, sponsors, phone lists and craving alerts for people in recovery. ' +
          'Errors are `{ statusCode, error, message }` (a 400 from validation adds `fields`). ' +
          'Realtime events (craving alerts, sponsorship changes) come over Socket.IO at path `/socket.io` ' +
          'with the **websocket transport only** (no HTTP long-polling); send the access token as ' +
          '`auth.token` in the handshake (see `x-realtime`). Homegroup is not an emergency service.',
      )
      .setVersion('1')
      .addServer('/', 'The origin that serves this document (the API is under /api/v1)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, ACCESS_TOKEN_SCHEME)
      .build(),
  );
  // 3.1: schemas are JSON Schema 2020-12 (see fixSchema).
  document.openapi = '3.1.0';
  // A deep copy first: Nest's schemas share objects with the decorators' metadata (and enum arrays with the
  // DTOs' constants), which the rewrite below must not touch.
  return completeDocument(JSON.parse(JSON.stringify(document)) as OpenAPIObject, handlerAccess(app));
}

type Access = { auth: 'required' | 'none' | 'optional'; errors: number[] };

/** Each operationId's auth mode and extra errors, from the same metadata the guard reads. */
function handlerAccess(app: INestApplication): Map<string, Access> {
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const read = (key: string): unknown =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        const isPublic = read(IS_PUBLIC_KEY) === true;
        const optional = read(OPTIONAL_AUTH_KEY) === true;
        const errors = [
          ...((Reflect.getMetadata(API_ERRORS_KEY, controller) as number[] | undefined) ?? []),
          ...((Reflect.getMetadata(API_ERRORS_KEY, handler) as number[] | undefined) ?? []),
        ];
        access.set(`${controller.name}_${name}`, {
          auth: !isPublic ? 'required' : optional ? 'optional' : 'none',
          errors,
        });
      }
    }
  }
  return access;
}

export function completeDocument(document: OpenAPIObject, access: Map<string, Access>): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  schemas[ERROR_SCHEMA] = {
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 400 },
      error: { type: 'string', example: 'Bad Request' },
      message: { type: 'string', example: 'displayName must not be empty' },
      retryAfterSeconds: {
        type: 'integer',
        description: 'A 429 or 503: seconds until a retry may succeed (also in the Retry-After header)',
      },
      status: {
        type: 'string',
        description: 'A 409 about a request or sponsorship: the state it is in now (e.g. accepted, withdrawn)',
      },
      code: {
        type: 'string',
        description: 'A domain refusal’s stable machine-readable reason (e.g. `sms_opted_out`, `sms_member_daily_limit`)',
        example: 'sms_opted_out',
      },
      fields: {
        type: 'array',
        description: 'A 400 from validation: every field that is wrong, by its path (e.g. `availability.0.from`)',
        items: {
          type: 'object',
          required: ['field', 'messages'],
          properties: {
            field: { type: 'string', example: 'displayName' },
            messages: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  };
  (document as unknown as Json)['x-realtime'] = {
    description:
      'Socket.IO (v4 protocol) on the same origin. Connect with transports: ["websocket"]; the server refuses ' +
      'HTTP long-polling. Send the access token as `auth.token` in the handshake.',
    ...SOCKET_TRANSPORT,
  };

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const found = operation.operationId ? access.get(operation.operationId) : undefined;
      const mode = found?.auth ?? 'required';
      operation.security =
        mode === 'required'
          ? [{ [ACCESS_TOKEN_SCHEME]: [] }]
          : mode === 'optional'
            ? [{}, { [ACCESS_TOKEN_SCHEME]: [] }]
            : [];
      const statuses = new Set<number>([503, ...(found?.errors ?? [])]);
      const parameters = operation.parameters ?? [];
      if (parameters.length > 0 || operation.requestBody || ['post', 'put', 'patch'].includes(method)) statuses.add(400);
      if (operation.requestBody) {
        statuses.add(413);
        statuses.add(415);
      }
      if (mode !== 'none') statuses.add(401);
      if (parameters.some((p) => p.in === 'path')) statuses.add(404);
      if (path === '/health' || path.startsWith('/health/')) statuses.delete(400);
      for (const status of statuses) {
        const key = String(status);
        operation.responses[key] ??= { description: ERROR_DESCRIPTIONS[status] ?? 'Error' };
      }
      for (const [key, response] of Object.entries(operation.responses)) {
        const status = Number(key);
        if (status >= 400 && !response.content) {
          response.content = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };
        }
        if (status === 429) {
          response.headers ??= {
            'Retry-After': { description: 'Seconds until a retry may succeed', schema: { type: 'integer' } },
          };
        }
      }
    }
  }
  walkSchemas(document);
  return document;
}

/** Every schema object in the document (components, parameters, bodies, responses), depth first. */
function walkSchemas(document: OpenAPIObject): void {
  const schema = (node: unknown): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const record = node as Json;
    fixSchema(record);
    for (const child of Object.values((record.properties as Json | undefined) ?? {})) schema(child);
    for (const key of ['items', 'additionalProperties', 'not']) schema(record[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) for (const child of (record[key] as unknown[] | undefined) ?? []) schema(child);
  };
  const container = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(container);
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === 'schema') schema(value);
      else if (key !== 'example' && key !== 'examples') container(value);
    }
  };
  for (const child of Object.values(document.components?.schemas ?? {})) schema(child);
  container(document.paths);
}

/**
 * The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12: a null is `type: 'null'`, so any JSON
 * Schema validator and client generator reads it the same way. Nest writes 3.0's `nullable`, which adds null
 * to a `type` but not to an `enum` nor to a `$ref` (an `allOf` of one), and validators disagree on it; this
 * rewrites each form. A documented object is closed: the API never sends (and the validation pipe never
 * accepts) other fields.
 */
function fixSchema(schema: Json): void {
  if (schema.nullable === true) {
    delete schema.nullable;
    const ref =
      typeof schema.$ref === 'string'
        ? schema.$ref
        : Array.isArray(schema.allOf) && schema.allOf.length === 1
          ? (schema.allOf[0] as Json).$ref
          : undefined;
    if (typeof ref === 'string') {
      delete schema.$ref;
      delete schema.allOf;
      delete schema.type;
      schema.anyOf = [{ $ref: ref }, { type: 'null' }];
    } else {
      // A copy: Nest's schema holds the DTO's own array (e.g. CRAVING_TRIGGERS), which the app iterates.
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
      if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    }
  } else if (schema.nullable === false) {
    delete schema.nullable;
  }
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
}

/**
 * Error statuses an operation (or every operation of a controller) can answer beyond those the document adds
 * by itself (400 with input, 401 with auth, 404 with a path id, 413/415 with a body, 503): e.g. 403, 409, 429.
 */
export const ApiErrors = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const on = (descriptor?.value as object | undefined) ?? target;
    const existing = (Reflect.getMetadata(API_ERRORS_KEY, on) as number[] | undefined) ?? [];
    Reflect.defineMetadata(API_ERRORS_KEY, [...existing, ...statuses], on);
  });
