import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * "The document is the truth" (ADR 0021): every response the e2e suite receives through ApiClient is checked
 * against the operation the app's own OpenAPI document describes: the status must be listed and a JSON body
 * must match its schema (the document is OpenAPI 3.1, so its schemas are JSON Schema 2020-12, null included).
 * Schemas are strict (objects are closed in the document, unknown keywords or formats
 * are an error here), so an undocumented field, a wrong type or an unlisted status fails the test that saw it.
 *
 * The document is the one the app under test serves (/openapi.json, built at start-up by
 * buildOpenApiDocument), fetched once per app and compiled lazily, one validator per response.
 */

type Json = Record<string, unknown>;
type MediaType = { schema?: Json };
type ResponseObject = { content?: Record<string, MediaType> };
type Operation = { operationId?: string; responses: Record<string, ResponseObject> };
type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Json> } };

type Route = { template: string; pattern: RegExp; literalLength: number; operations: Record<string, Operation> };

export type ContractResponse = {
  method: string;
  /** The request path as sent (with /api/v1, with or without a query string). */
  path: string;
  status: number;
  contentType: string | null;
  /** The parsed JSON body, or the text when it was not JSON; undefined when empty. */
  body: unknown;
};

const COMPONENTS_ID = 'openapi-components';

/**
 * The document is OpenAPI 3.1: its schemas are JSON Schema 2020-12 already. Only the references move (into
 * the components schema registered with ajv) and the `x-` extensions go.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`);
    } else if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, child]) => [name, toJsonSchema(child)]));
    } else if (key === 'enum' || key === 'required' || key === 'type' || key === 'default' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Document) {
    this.ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false, allowUnionTypes: true });
    this.ajv.addVocabulary(['example', 'xml', 'externalDocs']);
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ $id: COMPONENTS_ID, ...(toJsonSchema({ $defs: document.components?.schemas ?? {} }) as Json) });
    this.routes = Object.entries(document.paths)
      .map(([template, operations]) => ({
        template,
        operations,
        pattern: new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('')}$`,
        ),
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
      }))
      // A literal segment wins over a parameter (/practice-calls/next before /practice-calls/{id}).
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  /** Every problem of one response with its operation; empty when it matches (or is no operation's). */
  problems(response: ContractResponse): string[] {
    const method = response.method.toLowerCase();
    const path = decodeURI(response.path.split('?')[0]);
    const route = this.routes.find((candidate) => candidate.pattern.test(path) && candidate.operations[method]);
    if (!route) return []; // no such operation: the router's own 404/405, not the contract's business
    const operation = route.operations[method];
    const name = `${method.toUpperCase()} ${route.template}`;
    const key = String(response.status);
    contractTally.record(name, key);
    const documented =
      operation.responses[key] ?? operation.responses[`${key[0]}XX`] ?? operation.responses.default;
    if (!documented) {
      return [`${name} answered ${response.status}, which the document does not list (${Object.keys(operation.responses).join(', ')})`];
    }
    const hasBody = response.body !== undefined && response.body !== '';
    const content = documented.content ?? {};
    if (!hasBody) {
      return Object.keys(content).length > 0 && response.status !== 204 && response.method !== 'HEAD'
        ? [`${name} ${response.status}: the document promises a body and none came`]
        : [];
    }
    const mediaType = (response.contentType ?? '').split(';')[0].trim();
    if (Object.keys(content).length === 0) return [`${name} ${response.status}: a body the document does not describe`];
    const media = content[mediaType];
    if (!media) {
      return [`${name} ${response.status}: content type ${mediaType || '(none)'} is not documented (${Object.keys(content).join(', ')})`];
    }
    if (!mediaType.endsWith('json')) return [];
    if (!media.schema) return [`${name} ${response.status}: a JSON body without a documented schema`];
    const cacheKey = `${name} ${key} ${mediaType}`;
    let validate = this.validators.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(media.schema) as Json);
      this.validators.set(cacheKey, validate);
    }
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${name} ${response.status}: ${error.instancePath || '(body)'} ${error.message ?? 'is not valid'}` +
        (error.keyword === 'additionalProperties'
          ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
          : error.keyword === 'enum'
            ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
            : ''),
    );
  }
}

/**
 * What the response check saw in this test file (operations and statuses, counts) and the file's summary lines:
 * test/setup/contract-tally.ts writes them after the file, and the global teardown prints the run's total and the
 * lines (docs/testing.md).
 */
export const contractTally = {
  responses: new Map<string, number>(),
  /** One-line summaries of contract files (e.g. the authorization matrix), printed again at the end of the run. */
  summaries: [] as string[],
  record(operation: string, status: string): void {
    const key = `${operation} ${status}`;
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1);
  },
};

const contracts = new Map<string, Promise<OpenApiContract>>();

/** The contract of the app at baseUrl: its served document, fetched once. */
export function contractOf(baseUrl: string): Promise<OpenApiContract> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = fetch(`${baseUrl}/openapi.json`).then(async (response) => {
      if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
      return new OpenApiContract((await response.json()) as Document);
    });
    contracts.set(baseUrl, contract);
  }
  return contract;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** Throws when the response breaks the document: the test that saw it fails, naming the operation and field. */
export async function assertMatchesContract(baseUrl: string, response: ContractResponse): Promise<void> {
  const problems = (await contractOf(baseUrl)).problems(response);
  if (problems.length === 0) return;
  const body = JSON.stringify(response.body);
  throw new ContractViolation(
    `The response does not match openapi.json:\n  ${problems.join('\n  ')}\nbody: ${body && body.length > 600 ? `${body.slice(0, 600)}…` : body}`,
  );
}
