import { queryOptions } from '@tanstack/react-query';
import {
  queryPaths, type ServiceSummary, type SessionMessages, type SessionSummary, type SpanPage, type SpanRecord,
  type TraceDetail, type TraceMessages,
} from './hub-contract';
import { fetchJson, NotFoundError, queryClient } from './query-client';
import { mergeSpans, mergeTraceDetail } from './record-merge';

/** The query keys, one place: live hooks invalidate or update exactly these. */
export const queryKeys = {
  services: ['services'] as const,
  sessions: ['sessions'] as const,
  trace: (traceId: string) => ['trace', traceId] as const,
  traceMessages: (traceId: string) => ['trace-messages', traceId] as const,
  sessionMessages: (sessionId: string) => ['session-messages', sessionId] as const,
  sessionSpans: (sessionId: string) => ['spans-of', { sessionId }] as const,
  serviceSpans: (serviceName: string) => ['spans-of', { serviceName }] as const,
};

/** The most sessions the list shows. */
export const sessionListLimit = 500;

/** Spans the session page reads at most (1000 a page, the hub's largest `limit`). */
export const sessionSpanPages = 20;

export const servicesQuery = () => queryOptions({
  queryKey: queryKeys.services,
  queryFn: ({ signal }) => fetchJson<ServiceSummary[]>(queryPaths.services, signal),
});

export const sessionsQuery = () => queryOptions({
  queryKey: queryKeys.sessions,
  queryFn: ({ signal }) => fetchJson<SessionSummary[]>(`${queryPaths.sessions}?limit=${sessionListLimit}`, signal),
});

export const serviceSessionsQuery = (serviceName: string) => queryOptions({
  queryKey: [...queryKeys.sessions, { serviceName }] as const,
  queryFn: ({ signal }) => fetchJson<SessionSummary[]>(`${queryPaths.sessions}?${new URLSearchParams({ serviceName, limit: '100' })}`, signal),
});

/** One trace; live spans and logs are merged into this entry (see use-live-trace.ts). */
export const traceQuery = (traceId: string) => queryOptions({
  queryKey: queryKeys.trace(traceId),
  queryFn: async ({ signal }) => {
    const fetched = await fetchJson<TraceDetail>(queryPaths.trace(traceId), signal);
    return mergeTraceDetail(fetched, queryClient.getQueryData(queryKeys.trace(traceId)));
  },
});

/** 404 means no messages yet (an unknown trace or session); the live page waits for them. */
async function orEmpty<T>(load: Promise<T>, empty: T): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof NotFoundError) return empty;
    throw error;
  }
}

export const traceMessagesQuery = (traceId: string) => queryOptions({
  queryKey: queryKeys.traceMessages(traceId),
  queryFn: ({ signal }) => orEmpty(fetchJson<TraceMessages>(queryPaths.traceMessages(traceId), signal), { traceId, messages: [] }),
});

export const sessionMessagesQuery = (sessionId: string) => queryOptions({
  queryKey: queryKeys.sessionMessages(sessionId),
  queryFn: ({ signal }) => orEmpty(fetchJson<SessionMessages>(queryPaths.sessionMessages(sessionId), signal), { sessionId, messages: [] }),
});

/** The cache key of the stored spans of one session or one service. */
export type SpansOf = { sessionId: string } | { serviceName: string };

export const spansOfKey = (of: SpansOf) => ('sessionId' in of ? queryKeys.sessionSpans(of.sessionId) : queryKeys.serviceSpans(of.serviceName));

/**
 * Every stored span of a session (or service), paged through the spans query in seq order, the
 * newest `sessionSpanPages` thousand at most; live spans are merged in (use-live-trace.ts).
 */
export const spansOfQuery = (of: SpansOf) => queryOptions({
  queryKey: spansOfKey(of),
  queryFn: async ({ signal }) => {
    let spans: SpanRecord[] = [];
    let afterSeq = 0;
    for (let page = 0; page < sessionSpanPages; page++) {
      const search = new URLSearchParams({ ...of, afterSeq: String(afterSeq), limit: '1000' });
      const result = await fetchJson<SpanPage>(`${queryPaths.spans}?${search}`, signal);
      spans = mergeSpans(spans, result.spans);
      if (result.spans.length < 1000 || result.nextAfterSeq === null || result.nextAfterSeq <= afterSeq) break;
      afterSeq = result.nextAfterSeq;
    }
    return mergeSpans(spans, queryClient.getQueryData<SpanRecord[]>(spansOfKey(of)) ?? []);
  },
});
