import { QueryClient } from '@tanstack/react-query';
import { hubFetch, UnauthorizedError } from './hub-fetch';

/** A 404 from the query API: the thing is not stored (yet), which live pages treat as "wait". */
export class NotFoundError extends Error {
  constructor(url: string) {
    super('not found');
    this.name = 'NotFoundError';
    this.cause = url;
  }
}

/** GET `url` from the hub's query API as JSON, with the tab's API key. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(15_000);
  const response = await hubFetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (response.status === 404) throw new NotFoundError(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

/**
 * The app's server-state cache. Live hub events keep it fresh while a page is open (they invalidate
 * or update the queries they touch), so nothing refetches on a timer or on window focus; a page
 * mounted again refetches (showing the cached answer meanwhile), since no events reached it while
 * it was closed. A failed request is retried twice unless the hub said 401 (the key form handles
 * that) or 404 (a live page waits for the spans).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => failures < 2 && !(error instanceof UnauthorizedError) && !(error instanceof NotFoundError),
      },
    },
  });
}

export const queryClient = createQueryClient();
