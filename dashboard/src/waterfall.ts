import type { SpanRecord } from './hub-contract';

export interface WaterfallRow {
  span: SpanRecord;
  depth: number;
  /** Offset and width of the bar as fractions of the trace's time range. */
  offset: number;
  width: number;
}

/**
 * Orders a trace's spans depth-first by parent, siblings by start time; spans whose parent is not
 * (yet) known are shown as roots so a live trace is usable before every span arrived.
 */
export function buildWaterfall(spans: readonly SpanRecord[]): WaterfallRow[] {
  if (spans.length === 0) return [];
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
  const start = Math.min(...spans.map((s) => s.startTimeUnixNano));
  const end = Math.max(...spans.map((s) => Math.max(s.endTimeUnixNano, s.startTimeUnixNano)));
  const range = Math.max(1, end - start);
  const byStart = (a: SpanRecord, b: SpanRecord) => a.startTimeUnixNano - b.startTimeUnixNano || a.seq - b.seq;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: SpanRecord, depth: number) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    const offset = (span.startTimeUnixNano - start) / range;
    const width = Math.max(0, span.endTimeUnixNano - span.startTimeUnixNano) / range;
    rows.push({ span, depth, offset, width });
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  return rows;
}

/** Merges newly arrived spans into a trace's list, replacing any with the same span id. */
export function mergeSpans(current: readonly SpanRecord[], incoming: readonly SpanRecord[]): SpanRecord[] {
  const byId = new Map(current.map((s) => [s.spanId, s]));
  for (const span of incoming) byId.set(span.spanId, span);
  return [...byId.values()];
}
