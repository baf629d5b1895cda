import fc from 'fast-check';

/**
 * Inputs for the contract fuzzers (test/e2e/contract): values built from an OpenAPI schema, then broken.
 * Every broken value carries a label ("string with NUL", "nested 40 deep") so failures group by input shape.
 */

export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  $ref?: string;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
};

export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };

export type Operation = {
  operationId?: string;
  responses?: Record<string, unknown>;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  security?: Record<string, unknown>[];
};

export type Labelled<T = unknown> = { label: string; value: T };

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

/** Every operation of the document, named `METHOD /path` (what the fuzzers and the authorization matrix walk). */
export function documentOperations(doc: OpenApiDocument): { name: string; method: string; template: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), template, op })),
  );
}

/** Resolves `$ref` and merges `allOf` (what @nestjs/swagger emits) into one flat schema. */
export function resolveSchema(schema: Schema | undefined, doc: OpenApiDocument, seen = 0): Schema {
  if (!schema || seen > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const { $ref: _ref, ...rest } = schema;
    return resolveSchema({ ...rest, ...doc.components?.schemas?.[name] }, doc, seen + 1);
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return allOf.reduce<Schema>((merged, part) => {
      const r = resolveSchema(part, doc, seen + 1);
      return {
        ...merged,
        ...r,
        type: r.type ?? merged.type,
        properties: { ...merged.properties, ...r.properties },
        required: [...(merged.required ?? []), ...(r.required ?? [])],
      };
    }, rest);
  }
  return schema;
}

export type ValueContext = {
  doc: OpenApiDocument;
  /** Real ids to put where the schema says uuid (own resources, other members' resources, random ones). */
  uuids: string[];
};

/** A plausible value of the schema (mostly its example, enum or a value in range); what the breakers start from. */
export function validArbitrary(input: Schema | undefined, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveSchema(input, ctx.doc);
  const inner = validNonNull(schema, ctx, depth);
  return schema.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: inner }) : inner;
}

function validNonNull(schema: Schema, ctx: ValueContext, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  // The documented example is valid by construction: use it, so one breakage is what the server judges.
  const example = schema.example ?? schema.default;
  if (example !== undefined && !(schema.properties && depth === 0)) return fc.constant(example);
  if (schema.properties || schema.type === 'object') {
    if (depth > 4) return fc.constant({});
    const properties = schema.properties ?? {};
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, prop] of Object.entries(properties)) model[key] = validArbitrary(prop, ctx, depth + 1);
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
  }
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.constantFrom(...ctx.uuids);
      const min = Math.max(schema.minLength ?? 1, 1);
      const max = Math.max(min, Math.min(schema.maxLength ?? 24, 24));
      return fc.stringMatching(/^[a-z][a-z ]*$/).filter((v) => v.length >= min && v.length <= max).map((v) => v.trim() || 'x'.repeat(min));
    }
    case 'number':
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? 1), max: Math.floor(schema.maximum ?? 100) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validArbitrary(schema.items, ctx, depth + 1), { maxLength: Math.min(schema.maxItems ?? 2, 2) });
    default:
      return fc.constant('x');
  }
}

/** The value with every documented property (examples where there are), for per-field breakage. */
export function fullValue(input: Schema | undefined, ctx: ValueContext, depth = 0): unknown {
  const schema = resolveSchema(input, ctx.doc);
  if (schema.properties && depth < 4) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) out[key] = fullValue(prop, ctx, depth + 1);
    return out;
  }
  if (schema.type === 'array' && schema.example === undefined) return [fullValue(schema.items, ctx, depth + 1)];
  return minimalValue(schema, ctx, depth);
}

/** Per documented field: the breakers every field gets in the fixed cases. */
export const FIELD_BREAKERS: Labelled[] = [
    { label: 'null', value: null },
    { label: 'wrong type: number', value: 7 },
    { label: 'wrong type: string', value: 'seven' },
    { label: 'wrong type: object', value: { a: 1 } },
    { label: 'wrong type: array', value: ['x'] },
  { label: 'empty array', value: [] },
    { label: 'string with NUL', value: 'a\u0000b' },
    { label: 'lone high surrogate', value: 'x\ud800' },
    { label: 'long string 10k', value: 'x'.repeat(10_000) },
  { label: 'huge number 1e308', value: 1e308 },
];

/** The smallest plausible value: required properties only, each its example/enum/minimum. */
export function minimalValue(input: Schema | undefined, ctx: ValueContext, depth = 0): unknown {
  const schema = resolveSchema(input, ctx.doc);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    if (depth > 4) return out;
    for (const key of schema.required ?? []) out[key] = minimalValue(schema.properties[key], ctx, depth + 1);
    return out;
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? ctx.uuids[0] : 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return {};
  }
}

const nest = (depth: number, leaf: unknown, kind: 'array' | 'object'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
};

/** Broken values: wrong types, null, control characters, lone surrogates, huge and deep values, odd text. */
export const NASTY_VALUES: Labelled[] = [
  { label: 'null', value: null },
  { label: 'true', value: true },
  { label: 'zero', value: 0 },
  { label: 'negative number', value: -1 },
  { label: 'fraction', value: 1.5 },
  { label: 'huge number 1e308', value: 1e308 },
  { label: 'huge negative number', value: -1e308 },
  { label: 'unsafe integer 2^53+1', value: 2 ** 53 + 1 },
  { label: 'tiny number 5e-324', value: 5e-324 },
  { label: 'empty string', value: '' },
  { label: 'whitespace string', value: ' \t ' },
  { label: 'string with NUL', value: 'a\u0000b' },
  { label: 'only NUL', value: '\u0000' },
  { label: 'string with C0 controls', value: '\u0001\u0008\u000b\u001b[31m\u001f' },
  { label: 'string with DEL and C1', value: 'a\u007f\u0085\u009fb' },
  { label: 'lone high surrogate', value: '\ud800' },
  { label: 'lone low surrogate in text', value: 'x\udfffy' },
  { label: 'line/paragraph separators and BOM', value: '\u2028\u2029\ufeff' },
  { label: 'emoji and combining marks', value: '😀👨‍👩‍👧 é' },
  { label: 'right-to-left override', value: '\u202egnp.exe' },
  { label: 'numeric string', value: '12' },
  { label: 'number-like strings', value: '1e999' },
  { label: 'NaN string', value: 'NaN' },
  { label: 'impossible date', value: '2024-02-30' },
  { label: 'zero date', value: '0000-00-00' },
  { label: 'impossible time', value: '25:61' },
  { label: 'far future date', value: '275760-09-13' },
  { label: 'negative year date', value: '-000001-01-01' },
  { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: '36 hex characters', value: 'abcdef0123456789abcdef0123456789abcd' },
  { label: 'uppercase uuid', value: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' },
  { label: 'SQL-ish text', value: "' OR 1=1; --" },
  { label: 'percent and backslash text', value: '%_\\%' },
  { label: 'path traversal', value: '../../etc/passwd' },
  { label: 'url with javascript scheme', value: 'javascript:alert(1)' },
  { label: 'long string 10k', value: 'x'.repeat(10_000) },
  { label: 'huge string 300k', value: 'y'.repeat(300_000) },
  { label: 'long digit string', value: '9'.repeat(400) },
  { label: 'empty array', value: [] },
  { label: 'array with null', value: [null] },
  { label: 'array of mixed types', value: [1, 'a', {}, [], null, true] },
  { label: 'huge array 20k', value: Array.from({ length: 20_000 }, (_, i) => i) },
  { label: 'array of long strings', value: Array.from({ length: 200 }, () => 'z'.repeat(500)) },
  { label: 'empty object', value: {} },
  { label: 'object with null', value: { a: null } },
  { label: 'object with __proto__ key', value: JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
  { label: 'object with constructor key', value: { constructor: { prototype: { polluted: true } } } },
  { label: 'arrays nested 31 deep', value: nest(31, 1, 'array') },
  { label: 'arrays nested 40 deep', value: nest(40, 1, 'array') },
  { label: 'objects nested 40 deep', value: nest(40, 'x', 'object') },
];

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Generated nasty values (beside the fixed list): text mixed with controls and surrogates, odd numbers. */
export const nastyArbitrary: fc.Arbitrary<Labelled> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_VALUES) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(fc.string({ maxLength: 3 }), controlChar, surrogate), { minLength: 1, maxLength: 8 })
      .map((parts) => ({ label: 'text mixed with controls/surrogates', value: parts.join('') })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.bigInt().map((b) => Number(b)))
      .map((value) => ({ label: 'arbitrary number', value: Number.isFinite(value) ? value : 0 })),
  },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ label: 'arbitrary JSON value', value })),
  },
);

/** Every path to a node of `value` (objects and arrays walked), root included as []. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 200) return out;
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) pathsOf(v, [...prefix, k], out);
  return out;
}

export function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[head as number] = setAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  Object.defineProperty(copy, head, {
    value: setAt(copy[head as string], rest, replacement),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

export const describePath = (path: (string | number)[]): string =>
  path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');

/** A mutation of a valid value: where and with what; `apply` redoes it on another base (to minimise). */
export type Mutation = { label: string; path: (string | number)[]; apply: (base: unknown) => unknown };

/** Breaks a valid value: replace one node, drop a key, or add an unknown one. */
export function mutationArbitrary(base: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(base);
  const replace = fc.tuple(fc.constantFrom(...paths), nastyArbitrary).map(
    ([path, nasty]): Mutation => ({
      label: nasty.label,
      path,
      apply: (b) => setAt(b, path, nasty.value),
    }),
  );
  const objectPaths = paths.filter((p) => {
    const node = getAt(base, p);
    return node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0;
  });
  const arbs: fc.Arbitrary<Mutation>[] = [replace];
  if (objectPaths.length) {
    arbs.push(
      fc.constantFrom(...objectPaths).chain((p) =>
        fc.constantFrom(...Object.keys(getAt(base, p) as object)).map(
          (key): Mutation => ({
            label: 'required or optional key removed',
            path: [...p, key],
            apply: (b) => {
              const node = getAt(b, p);
              if (!node || typeof node !== 'object') return b;
              const { [key]: _gone, ...rest } = node as Record<string, unknown>;
              return setAt(b, p, rest);
            },
          }),
        ),
      ),
      fc.tuple(fc.constantFrom(...objectPaths), fc.constantFrom('unknownField', '', 'a.b', '\u0000', '__proto__')).map(
        ([p, key]): Mutation => ({
          label: `unknown key ${JSON.stringify(key)} added`,
          path: [...p, key],
          apply: (b) => setAt(b, [...p, key], 'x'),
        }),
      ),
    );
  }
  return fc.oneof({ weight: 6, arbitrary: arbs[0] }, ...arbs.slice(1).map((arbitrary) => ({ weight: 1, arbitrary })));
}

export function getAt(value: unknown, path: (string | number)[]): unknown {
  let node: unknown = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Raw bodies no JSON.stringify makes: broken JSON, deep nesting, invalid UTF-8, surrogate bytes, odd literals. */
export const RAW_BODIES: Labelled<string | Buffer>[] = [
  { label: 'invalid JSON: unterminated object', value: '{' },
  { label: 'invalid JSON: missing value', value: '{"a":}' },
  { label: 'invalid JSON: trailing comma', value: '{"a":1,}' },
  { label: 'invalid JSON: bare word', value: 'nul' },
  { label: 'invalid JSON: single quotes', value: "{'a':1}" },
  { label: 'JSON string root', value: '"text"' },
  { label: 'JSON number root', value: '42' },
  { label: 'JSON null root', value: 'null' },
  { label: 'JSON array root', value: '[]' },
  { label: 'JSON with escaped lone surrogate key', value: '{"\\ud800":1}' },
  { label: 'JSON with escaped NUL key', value: '{"\\u0000":1}' },
  { label: 'JSON with duplicate keys', value: '{"a":1,"a":2}' },
  { label: 'JSON number literal 1e400', value: '{"a":1e400}' },
  { label: 'JSON big integer literal', value: '{"a":123456789012345678901234567890}' },
  { label: 'deep array nesting 2000', value: `${'['.repeat(2000)}${']'.repeat(2000)}` },
  { label: 'deep object nesting 3000', value: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
  { label: 'invalid UTF-8 bytes', value: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]) },
  { label: 'UTF-8 encoded surrogate bytes', value: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]) },
  { label: 'UTF-8 BOM before JSON', value: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) },
  { label: 'body over 1 MB', value: `{"a":"${'z'.repeat(1_100_000)}"}` },
];

/** Content types other than application/json, with a JSON-looking or form body. */
export const CONTENT_TYPES: Labelled<{ contentType?: string; body: string }>[] = [
  { label: 'content-type text/plain', value: { contentType: 'text/plain', body: '{}' } },
  { label: 'content-type form-urlencoded', value: { contentType: 'application/x-www-form-urlencoded', body: 'a=1&b[c]=2' } },
  { label: 'content-type multipart', value: { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' } },
  { label: 'content-type xml', value: { contentType: 'application/xml', body: '<a/>' } },
  { label: 'content-type json utf-16', value: { contentType: 'application/json; charset=utf-16', body: '{}' } },
  { label: 'content-type json, empty body', value: { contentType: 'application/json', body: '' } },
  { label: 'no content-type with a body', value: { body: '{}' } },
  { label: 'content-type garbage', value: { contentType: ';;;/', body: '{}' } },
];

/** Broken path parameter values, already percent-encoded as they go on the wire. */
export const PATH_VALUES: Labelled<string>[] = [
  { label: 'not a uuid', value: 'not-a-uuid' },
  { label: 'random uuid', value: '5f0c8a8e-3f0e-4f9e-9d8e-0c1f2e3d4c5b' },
  { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: '36 hex characters', value: 'abcdef0123456789abcdef0123456789abcd' },
  { label: 'uuid without dashes', value: '5f0c8a8e3f0e4f9e9d8e0c1f2e3d4c5b' },
  { label: 'percent-encoded NUL', value: 'a%00b' },
  { label: 'percent-encoded control chars', value: '%01%1B%7F' },
  { label: 'invalid percent-encoding', value: '%zz%' },
  { label: 'invalid UTF-8 percent bytes', value: '%FF%FE' },
  { label: 'percent-encoded lone surrogate', value: '%ED%A0%80' },
  { label: 'encoded slash and dots', value: '..%2F..%2Fetc' },
  { label: 'number', value: '123' },
  { label: 'negative number', value: '-1' },
  { label: 'very long value (5000)', value: 'a'.repeat(5000) },
  { label: 'SQL-ish text', value: "'%20OR%201%3D1--" },
  { label: 'emoji', value: '%F0%9F%98%80' },
];

/** Broken query values (already encoded); a query also gets repeated keys and bracket keys. */
export const QUERY_VALUES: Labelled<string>[] = [
  { label: 'empty', value: '' },
  { label: 'percent-encoded NUL', value: 'a%00b' },
  { label: 'control chars', value: '%01%1B' },
  { label: 'percent-encoded lone surrogate', value: '%ED%A0%80' },
  { label: 'invalid UTF-8 percent bytes', value: '%FF' },
  { label: 'invalid percent-encoding', value: '%zz' },
  { label: 'not a number', value: 'abc' },
  { label: 'huge number', value: '1e308' },
  { label: 'number literal 1e400', value: '1e400' },
  { label: 'negative', value: '-5' },
  { label: 'fraction', value: '0.5' },
  { label: 'NaN', value: 'NaN' },
  { label: 'Infinity', value: 'Infinity' },
  { label: 'hex number', value: '0x10' },
  { label: 'long digit string', value: '9'.repeat(400) },
  { label: 'long string 5000', value: 'q'.repeat(5000) },
  { label: '36 hex characters', value: 'abcdef0123456789abcdef0123456789abcd' },
  { label: 'base64url junk', value: 'eyJpZCI6ImFiYyJ9' },
  { label: 'SQL-ish text', value: "'%20OR%201%3D1--" },
  { label: 'like wildcards', value: '%25_%5C' },
  { label: 'true', value: 'true' },
];
