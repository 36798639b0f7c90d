import { useEffect, useSyncExternalStore } from 'react';
import type { SpanFilter, SpanRecord } from './hub-contract';
import { LiveConnection, type LiveStatus } from './live-connection';
import { transportCandidates } from './transport-choice';

/** The app's single connection, created once from the page's ?transport= choice. */
export const live = new LiveConnection('', typeof window === 'undefined' ? [] : transportCandidates(window.location.search));

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.subscribeStatus, live.getStatus);
}

/** Follows `filter` while the component is mounted; a changed filter re-subscribes. */
export function useLiveSpans(filter: SpanFilter | null, onSpans: (spans: SpanRecord[]) => void): void {
  const key = filter ? JSON.stringify(filter) : '';
  useEffect(() => {
    if (!filter) return;
    return live.follow(filter, onSpans);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filter's JSON is its identity; onSpans must be stable.
  }, [key, onSpans]);
}
