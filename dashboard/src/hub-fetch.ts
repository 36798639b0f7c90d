import { apiKeys, type ApiKeyStore } from './api-key-store';
import { auth } from './hub-contract';

/** A request the hub refused for want of the right API key; the key form is already showing. */
export class UnauthorizedError extends Error {
  constructor() {
    super('the hub needs an API key');
    this.name = 'UnauthorizedError';
  }
}

/**
 * fetch() against the hub with the session's API key as `Authorization: Bearer`. A 401 tells the key
 * store which key it refused (so the form asks again) and rejects with UnauthorizedError.
 */
export async function hubFetch(
  url: string, init: RequestInit = {}, keys: ApiKeyStore = apiKeys, send: typeof fetch = fetch,
): Promise<Response> {
  const key = keys.key;
  const headers = new Headers(init.headers);
  if (key) headers.set('Authorization', `${auth.scheme} ${key}`);
  const response = await send(url, { ...init, headers });
  if (response.status === auth.unauthorizedStatus) {
    keys.unauthorized(key);
    throw new UnauthorizedError();
  }
  return response;
}

/**
 * `url` with the key as `access_token`, for an EventSource, which cannot set headers. The hub keeps the
 * query string out of its logs when Qyl:ApiKey is set.
 */
export function withAccessToken(url: string, keys: ApiKeyStore = apiKeys): string {
  const key = keys.key;
  if (!key) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${auth.queryParam}=${encodeURIComponent(key)}`;
}

/**
 * Whether a SignalR start or reconnect failed on a 401. The client reports a refused negotiate as
 * FailedToNegotiateWithServerError whose message carries the HttpError ("Status code '401'").
 */
export function isUnauthorized(error: unknown): boolean {
  if (error instanceof UnauthorizedError) return true;
  if (typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === auth.unauthorizedStatus) return true;
  return /status code '401'/i.test(String(error));
}
