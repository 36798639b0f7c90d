import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { hubFetch } from './hub-fetch';

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

interface Entry {
  state: QueryState<unknown>;
  inFlight: Promise<void> | null;
  listeners: Set<() => void>;
}

/**
 * A small cache of GET requests to the query API, keyed by URL. Pages read it with
 * useSyncExternalStore; live span events call invalidate() (throttled by the caller) to refetch.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fetcher: (url: string) => Promise<unknown> = fetchJson) {}

  entry(url: string): Entry {
    let entry = this.entries.get(url);
    if (!entry) {
      entry = { state: { data: undefined, error: null, loading: true }, inFlight: null, listeners: new Set() };
      this.entries.set(url, entry);
    }
    return entry;
  }

  /** Fetches `url` unless a fetch is already running; keeps showing old data meanwhile. */
  load(url: string): Promise<void> {
    const entry = this.entry(url);
    if (entry.inFlight) return entry.inFlight;
    entry.inFlight = this.fetcher(url).then(
      (data) => this.set(entry, { data, error: null, loading: false }),
      (error: unknown) => this.set(entry, { ...entry.state, error: error instanceof Error ? error.message : String(error), loading: false }),
    ).finally(() => { entry.inFlight = null; });
    return entry.inFlight;
  }

  invalidate(url: string): void {
    if (this.entry(url).listeners.size > 0) void this.load(url);
  }

  private set(entry: Entry, state: QueryState<unknown>): void {
    entry.state = state;
    for (const listener of entry.listeners) listener();
  }
}

export async function fetchJson(url: string): Promise<unknown> {
  const response = await hubFetch(url, { signal: AbortSignal.timeout(15_000) });
  if (response.status === 404) throw new Error('not found');
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

export const queryCache = new QueryCache();

export function useQuery<T>(url: string, cache: QueryCache = queryCache): QueryState<T> & { refetch: () => void } {
  const subscribe = useCallback((listener: () => void) => {
    const entry = cache.entry(url);
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }, [cache, url]);
  const state = useSyncExternalStore(subscribe, () => cache.entry(url).state) as QueryState<T>;
  useEffect(() => { void cache.load(url); }, [cache, url]);
  const refetch = useCallback(() => cache.invalidate(url), [cache, url]);
  return { ...state, refetch };
}
