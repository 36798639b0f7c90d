import { queryOptions } from '@tanstack/react-query';
import {
  queryPaths, type ServiceSummary, type SessionMessages, type SessionSummary, type SpanPage, type SpanRecord,
  type TraceDetail, type TraceMessages, type TraceSummary,
} from './hub-contract';
import { fetchJson, NotFoundError, queryClient } from './query-client';
import { mergeSpans, mergeTraceDetail } from './record-merge';

/** The query keys, one place: live hooks invalidate or update exactly these. */
export const queryKeys = {
  services: ['services'] as const,
  sessions: ['sessions'] as const,
  traces: (params: { sessionId?: string; serviceName?: string }) => ['traces', params] as const,
  trace: (traceId: string) => ['trace', traceId] as const,
  traceMessages: (traceId: string) => ['trace-messages', traceId] as const,
  sessionMessages: (sessionId: string) => ['session-messages', sessionId] as const,
  sessionSpans: (sessionId: string) => ['session-spans', sessionId] as const,
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

export const tracesQuery = (params: { sessionId?: string; serviceName?: string }) => queryOptions({
  queryKey: queryKeys.traces(params),
  queryFn: ({ signal }) => {
    const search = new URLSearchParams({ limit: '1000' });
    if (params.sessionId) search.set('sessionId', params.sessionId);
    if (params.serviceName) search.set('serviceName', params.serviceName);
    return fetchJson<TraceSummary[]>(`${queryPaths.traces}?${search}`, signal);
  },
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

/** Every stored span of a session, paged through the spans query in seq order; live spans are merged in. */
export const sessionSpansQuery = (sessionId: string) => queryOptions({
  queryKey: queryKeys.sessionSpans(sessionId),
  queryFn: async ({ signal }) => {
    let spans: SpanRecord[] = [];
    let afterSeq = 0;
    for (let page = 0; page < sessionSpanPages; page++) {
      const search = new URLSearchParams({ sessionId, afterSeq: String(afterSeq), limit: '1000' });
      const result = await fetchJson<SpanPage>(`${queryPaths.spans}?${search}`, signal);
      spans = mergeSpans(spans, result.spans);
      if (result.spans.length < 1000 || result.nextAfterSeq === null || result.nextAfterSeq <= afterSeq) break;
      afterSeq = result.nextAfterSeq;
    }
    return mergeSpans(spans, queryClient.getQueryData<SpanRecord[]>(queryKeys.sessionSpans(sessionId)) ?? []);
  },
});
