import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchJson } from './query-client';

/** What `GET /api/v1/settings` returns: hub settings the dashboard renders by. */
export interface HubSettings {
  /** `Qyl:Streaming:InProgressTimeoutSeconds`: a span running longer than this with no end is shown stale. */
  inProgressTimeoutSeconds: number;
}

/** The hub's default, used until the settings arrive (or when an older hub has no settings endpoint). */
export const defaultInProgressTimeoutSeconds = 600;

export const hubSettingsQuery = () => queryOptions({
  queryKey: ['hub-settings'] as const,
  queryFn: ({ signal }) => fetchJson<HubSettings>('/api/v1/settings', signal),
  // Configuration of a running hub does not change; one read per page load.
  staleTime: Infinity,
  retry: false,
});

/** The in-progress stale timeout in milliseconds. */
export function useInProgressTimeoutMs(): number {
  const { data } = useQuery(hubSettingsQuery());
  return (data?.inProgressTimeoutSeconds ?? defaultInProgressTimeoutSeconds) * 1000;
}

/** True when a span started at `startTimeUnixNano` and still running at `nowMs` is past the timeout. */
export function isStale(startTimeUnixNano: number, nowMs: number, timeoutMs: number): boolean {
  return nowMs - startTimeUnixNano / 1e6 > timeoutMs;
}
