import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { LogRecord, SpanRecord, TraceDetail } from './hub-contract';
import { useLiveLogs, useLiveSpans } from './live';
import { queryKeys, spansOfKey, type SpansOf } from './queries';
import { mergeSpans, withLiveRecords } from './record-merge';
import { useLiveInvalidation } from './use-live-invalidation';

/**
 * Keeps a trace's cached queries live: its spans and logs are merged into the cached trace as they
 * land (subscribed before the fetch, merged after it, so nothing in between is lost), and its
 * messages are refetched, throttled, since the hub normalizes them from those spans and logs.
 */
export function useLiveTrace(traceId: string): void {
  const client = useQueryClient();
  const filter = useMemo(() => ({ traceId }), [traceId]);
  const onSpans = useCallback((spans: SpanRecord[]) => {
    client.setQueryData<TraceDetail>(queryKeys.trace(traceId), (cached) => withLiveRecords(cached, traceId, spans, []));
  }, [client, traceId]);
  const onLogs = useCallback((logs: LogRecord[]) => {
    client.setQueryData<TraceDetail>(queryKeys.trace(traceId), (cached) => withLiveRecords(cached, traceId, [], logs));
  }, [client, traceId]);
  useLiveSpans(filter, onSpans);
  useLiveLogs(filter, onLogs);
  useLiveInvalidation(filter, queryKeys.traceMessages(traceId), { logs: true, intervalMs: 500 });
}

/** The session and service pages' spans: every matching span lands in the cached list as it arrives. */
export function useLiveSpansOf(of: SpansOf): void {
  const client = useQueryClient();
  const json = JSON.stringify(of);
  const filter = useMemo(() => JSON.parse(json) as SpansOf, [json]);
  const onSpans = useCallback((spans: SpanRecord[]) => {
    client.setQueryData<SpanRecord[]>(spansOfKey(filter), (cached) => mergeSpans(cached ?? [], spans));
  }, [client, filter]);
  useLiveSpans(filter, onSpans);
}

/** The session page: its spans, and its messages refetched (throttled) as its spans and logs land. */
export function useLiveSession(sessionId: string): void {
  useLiveSpansOf({ sessionId });
  const filter = useMemo(() => ({ sessionId }), [sessionId]);
  useLiveInvalidation(filter, queryKeys.sessionMessages(sessionId), { logs: true, intervalMs: 1000 });
}
