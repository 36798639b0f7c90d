import type { LogRecord, SpanRecord, TraceDetail } from './hub-contract';

/**
 * Whether `next` should replace `current` for the same span id: the later record (higher seq)
 * wins, except that a finished record is never replaced by an in-progress one ("In-progress spans").
 */
function replaces(current: SpanRecord, next: SpanRecord): boolean {
  if (current.inProgress !== true && next.inProgress === true) return false;
  if (current.inProgress === true && next.inProgress !== true) return true;
  return next.seq > current.seq;
}

/** Merges spans into a list by span id; order is first-seen. Returns `current` itself when nothing changed. */
export function mergeSpans(current: readonly SpanRecord[], incoming: readonly SpanRecord[]): SpanRecord[] {
  if (incoming.length === 0) return current as SpanRecord[];
  const byId = new Map(current.map((s) => [s.spanId, s]));
  let changed = false;
  for (const span of incoming) {
    const known = byId.get(span.spanId);
    if (known && (known === span || !replaces(known, span))) continue;
    byId.set(span.spanId, span);
    changed = true;
  }
  return changed ? [...byId.values()] : (current as SpanRecord[]);
}

/** Merges log records by seq (a record never changes), kept in seq order. */
export function mergeLogs(current: readonly LogRecord[], incoming: readonly LogRecord[]): LogRecord[] {
  if (incoming.length === 0) return current as LogRecord[];
  const bySeq = new Map(current.map((l) => [l.seq, l]));
  const before = bySeq.size;
  for (const log of incoming) bySeq.set(log.seq, log);
  if (bySeq.size === before) return current as LogRecord[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A trace as fetched, merged with what the cache already held: live spans and logs that arrived
 * while the request was in flight are newer than the server's answer and must not be lost.
 */
export function mergeTraceDetail(fetched: TraceDetail, cached: TraceDetail | undefined): TraceDetail {
  if (!cached) return { ...fetched, logs: fetched.logs ?? [] };
  return {
    traceId: fetched.traceId,
    spans: mergeSpans(fetched.spans, cached.spans),
    logs: mergeLogs(fetched.logs ?? [], cached.logs ?? []),
  };
}

/** The cache entry of a trace after live records arrived (before the fetch answered: an empty trace plus them). */
export function withLiveRecords(cached: TraceDetail | undefined, traceId: string, spans: readonly SpanRecord[], logs: readonly LogRecord[]): TraceDetail {
  const base = cached ?? { traceId, spans: [], logs: [] };
  const nextSpans = mergeSpans(base.spans, spans);
  const nextLogs = mergeLogs(base.logs ?? [], logs);
  if (cached && nextSpans === cached.spans && nextLogs === cached.logs) return cached;
  return { traceId: base.traceId, spans: nextSpans, logs: nextLogs };
}
