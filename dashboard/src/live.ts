import { useEffect, useSyncExternalStore } from 'react';
import type { LogRecord, SpanFilter, SpanRecord, SpanSummary } from './hub-contract';
import { LiveConnection, type LiveStatus } from './live-connection';
import { transportCandidates } from './transport-choice';

/** The app's single connection, created once from the page's ?transport= choice. */
export const live = new LiveConnection('', typeof window === 'undefined' ? [] : transportCandidates(window.location.search));

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.subscribeStatus, live.getStatus);
}

/** Follows spans matching `filter` while the component is mounted; a changed filter re-subscribes. */
export function useLiveSpans(filter: SpanFilter | null, onSpans: (spans: SpanRecord[]) => void): void {
  const key = filter ? JSON.stringify(filter) : '';
  useEffect(() => {
    if (!filter) return;
    return live.follow(filter, onSpans);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filter's JSON is its identity; onSpans must be stable.
  }, [key, onSpans]);
}

/**
 * Follows the summaries of spans matching `filter` (`view: "summary"`) while mounted: for live lists
 * that fetch a span's full record only when it is opened; null follows none.
 */
export function useLiveSpanSummaries(filter: SpanFilter | null, onSpans: (spans: SpanSummary[]) => void): void {
  const key = filter ? JSON.stringify(filter) : '';
  useEffect(() => {
    if (!filter) return;
    return live.followSummaries(filter, onSpans);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as useLiveSpans.
  }, [key, onSpans]);
}

/** Follows log records matching `filter` (hub `SubscribeLogs`) while mounted; null follows none. */
export function useLiveLogs(filter: SpanFilter | null, onLogs: (logs: LogRecord[]) => void): void {
  const key = filter ? JSON.stringify(filter) : '';
  useEffect(() => {
    if (!filter) return;
    return live.followLogs(filter, onLogs);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as useLiveSpans.
  }, [key, onLogs]);
}
