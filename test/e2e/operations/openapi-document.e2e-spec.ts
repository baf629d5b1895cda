import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { OpenApiContract } from '../../utils/openapi-contract';

type Json = Record<string, unknown>;
type Operation = { operationId: string; security?: unknown[]; responses: Record<string, Json>; parameters?: Json[] };
type Document = {
  openapi: string;
  info: { description: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
  'x-realtime'?: { transports: string[] };
};

const COMMITTED = resolve(__dirname, '../../../openapi/openapi.json');

/** Every schema node of the document, with where it is. */
function* nodes(node: unknown, at = '#'): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) yield* nodes(child, `${at}/${index}`);
  } else if (node && typeof node === 'object') {
    yield [at, node as Json];
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples') yield* nodes(child, `${at}/${key}`);
    }
  }
}

describe('the OpenAPI document is the truth', () => {
  let t: TestApp;
  let served: Document;

  beforeAll(async () => {
    t = await createTestApp();
    served = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as Document;
  });

  afterAll(async () => {
    await t.close();
  });

  it('should serve exactly the committed openapi/openapi.json', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as Document;
    // toEqual names the first difference; the hint says how to bring the committed contract up to date.
    try {
      expect(served).toEqual(committed);
    } catch (error) {
      throw new Error(
        `openapi/openapi.json differs from the document the app builds: run npm run openapi:write and commit it\n${String(error)}`,
      );
    }
  });

  it('should write every schema so that a JSON Schema validator reads it the same way (3.1, no nullable, no bare objects)', () => {
    expect(served.openapi).toBe('3.1.0');
    const problems: string[] = [];
    for (const [at, node] of nodes(served.components.schemas, '#/components/schemas')) {
      if ('nullable' in node) problems.push(`${at}: nullable (3.0) instead of type null`);
      if (node.type === 'object' && !node.properties && node.additionalProperties === undefined) {
        problems.push(`${at}: an object with no properties (a string | null typed by reflection?)`);
      }
      if (node.type === 'object' && node.properties && node.additionalProperties !== false) {
        problems.push(`${at}: a documented object that is not closed`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should state security on every operation: [] when public, optional for @OptionalAuth reads', () => {
    const security = (method: string, path: string) => served.paths[`/api/v1${path}`][method].security;
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect({ operation: `${method} ${path}`, hasSecurity: Array.isArray(operation.security) }).toEqual({
          operation: `${method} ${path}`,
          hasSecurity: true,
        });
      }
    }
    for (const path of ['/meetings', '/meetings/{id}', '/groups/{groupId}', '/groups/{groupId}/meetings']) {
      expect(security('get', path)).toEqual([{}, { 'access-token': [] }]);
    }
    expect(security('post', '/auth/login')).toEqual([]);
    expect(security('get', '/fellowships')).toEqual([]);
    expect(security('get', '/me')).toEqual([{ 'access-token': [] }]);
  });

  it('should list 400 with the fields array, 401, 404 and 429 where they occur, and fill servers', () => {
    const me = served.paths['/api/v1/me'].patch;
    expect(Object.keys(me.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(Object.keys(served.paths['/api/v1/cravings/{id}'].get.responses)).toEqual(
      expect.arrayContaining(['401', '404']),
    );
    expect(Object.keys(served.paths['/api/v1/auth/login'].post.responses)).toContain('429');
    expect(Object.keys(served.paths['/api/v1/fellowships'].get.responses)).not.toContain('401');
    const error = served.components.schemas.ErrorResponse as { properties: Record<string, Json> };
    expect(Object.keys(error.properties)).toEqual(['statusCode', 'error', 'message', 'retryAfterSeconds', 'status', 'code', 'fields']);
    expect(served.servers?.length).toBeGreaterThan(0);
  });

  it('should state that the realtime channel is Socket.IO over websocket only', () => {
    expect(served['x-realtime']?.transports).toEqual(['websocket']);
    expect(served.info.description).toContain('websocket transport only');
  });

  it('should make the response check refuse an unlisted status, an undocumented field and a null where none is allowed', () => {
    const contract = new OpenApiContract(served);
    const profile = {
      id: '00000000-0000-4000-8000-000000000000',
      displayName: 'Sam',
      email: 'sam@example.org',
      timezone: 'UTC',
      country: null,
      phone: null,
      cleanDate: null,
      fellowships: [],
      languages: [],
      copingList: [],
      gender: null,
      sponsorGenderPreference: 'same',
      createdAt: new Date().toISOString(),
    };
    const check = (status: number, body: unknown) =>
      contract.problems({ method: 'GET', path: '/api/v1/me', status, contentType: 'application/json', body });
    expect(check(200, profile)).toEqual([]);
    expect(check(418, profile).join()).toContain('does not list');
    expect(check(200, { ...profile, passwordHash: 'x' }).join()).toContain('passwordHash');
    expect(check(200, { ...profile, displayName: null }).join()).toContain('/displayName');
    expect(check(200, { ...profile, gender: 'robot' }).join()).toContain('/gender');
  });
});
