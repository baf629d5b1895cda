import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { freshAccessToken } from '../session';

export type Schemas = components['schemas'];

/**
 * The typed client: paths, parameters and bodies come from schema.d.ts, which `npm run web:api` generates from
 * openapi/openapi.json (CI fails when it is stale), so a contract change breaks the build, not the user.
 * Same origin only: baseUrl is this page's origin.
 */
export const api = createClient<paths>({ baseUrl: location.origin });

const auth: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (schemaPath.startsWith('/api/v1/auth/')) return request;
    const token = await freshAccessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};
api.use(auth);

/** A sentence for a person from the API's error body (`{ statusCode, error, message }`). */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
  }
  return 'network error';
}
