import type { LogRecord, SpanRecord } from './hub-contract';

export interface SpanWaterfallRow {
  kind: 'span';
  span: SpanRecord;
  depth: number;
  /** Offset and width of the bar as fractions of the trace's time range. */
  offset: number;
  width: number;
}

/** A log record shown right under its span (one level deeper), a tick at its time. */
export interface LogWaterfallRow {
  kind: 'log';
  log: LogRecord;
  depth: number;
  offset: number;
}

export type WaterfallRow = SpanWaterfallRow | LogWaterfallRow;

const logTime = (log: LogRecord) => log.timeUnixNano || log.observedTimeUnixNano || 0;

/**
 * Orders a trace's spans depth-first by parent, siblings by start time, each span's log records
 * right after it in time order; spans whose parent is not (yet) known are shown as roots so a live
 * trace is usable before every span arrived, and logs of an unknown span come last. A span still in
 * progress (no end yet) reaches to the latest time the trace knows of.
 */
export function buildWaterfall(spans: readonly SpanRecord[], logs: readonly LogRecord[] = []): WaterfallRow[] {
  if (spans.length === 0 && logs.length === 0) return [];
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent && byId.has(parent) && parent !== span.spanId) {
      const list = children.get(parent) ?? [];
      list.push(span);
      children.set(parent, list);
    } else roots.push(span);
  }
  const logsBySpan = new Map<string, LogRecord[]>();
  const strayLogs: LogRecord[] = [];
  for (const log of logs) {
    if (log.spanId && byId.has(log.spanId)) {
      const list = logsBySpan.get(log.spanId) ?? [];
      list.push(log);
      logsBySpan.set(log.spanId, list);
    } else strayLogs.push(log);
  }
  const times = [...spans.map((s) => s.startTimeUnixNano), ...logs.map(logTime)];
  const ends = [...spans.map((s) => s.endTimeUnixNano ?? s.startTimeUnixNano), ...times];
  const start = Math.min(...times);
  const end = Math.max(...ends);
  const range = Math.max(1, end - start);
  const byStart = (a: SpanRecord, b: SpanRecord) => a.startTimeUnixNano - b.startTimeUnixNano || a.seq - b.seq;
  const byTime = (a: LogRecord, b: LogRecord) => logTime(a) - logTime(b) || a.seq - b.seq;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const pushLogs = (list: LogRecord[] | undefined, depth: number) => {
    for (const log of (list ?? []).sort(byTime)) rows.push({ kind: 'log', log, depth, offset: (logTime(log) - start) / range });
  };
  const visit = (span: SpanRecord, depth: number) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    const offset = (span.startTimeUnixNano - start) / range;
    const spanEnd = span.endTimeUnixNano ?? end;
    rows.push({ kind: 'span', span, depth, offset, width: Math.max(0, spanEnd - span.startTimeUnixNano) / range });
    pushLogs(logsBySpan.get(span.spanId), depth + 1);
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  pushLogs(strayLogs, 0);
  return rows;
}

/** The trace's duration so far in milliseconds: from the first start to the latest end (or start, while running). */
export function traceDurationMs(spans: readonly SpanRecord[]): number {
  if (spans.length === 0) return 0;
  const start = Math.min(...spans.map((s) => s.startTimeUnixNano));
  const end = Math.max(...spans.map((s) => s.endTimeUnixNano ?? s.startTimeUnixNano));
  return (end - start) / 1e6;
}
