import { assertMatchesContract } from './openapi-contract';

export type ApiResponse<T = Record<string, unknown>> = {
  status: number;
  body: T;
  headers: Headers;
};

type RequestOptions = {
  token?: string;
  headers?: Record<string, string>;
  rawBody?: string;
  /** Skip the OpenAPI check for this one response (only for requests that are deliberately outside the contract). */
  outsideContract?: boolean;
};

/**
 * A small fetch wrapper over real HTTP: JSON in, `{ status, body, headers }` out. Every response is checked
 * against the app's OpenAPI document (test/utils/openapi-contract.ts): an unlisted status or a body that does
 * not match its schema fails the test.
 */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.rawBody;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const url =
      path.startsWith('/health') ||
      path.startsWith('/docs') ||
      path.startsWith('/openapi') ||
      path.startsWith('/client_interface/')
        ? path
        : `/api/v1${path}`;
    const response = await fetch(`${this.baseUrl}${url}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!options.outsideContract) {
      await assertMatchesContract(this.baseUrl, {
        method,
        path: url,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: parsed,
      });
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, body, options);
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, body, options);
  }

  put<T = Record<string, unknown>>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, body, options);
  }

  delete<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }
}
