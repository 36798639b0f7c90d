import { formatCost, formatCount } from './format';
import type { LogRecord, SpanSummary } from './hub-contract';

/**
 * One row of the live feed: a span or a log record (the feed shows spans, logs or both). Spans are
 * summaries (the feed subscribes with `view: "summary"`); a row's full record is fetched when it is opened.
 */
export type FeedItem = { kind: 'span'; record: SpanSummary } | { kind: 'log'; record: LogRecord };

export const spanItems = (spans: readonly SpanSummary[]): FeedItem[] => spans.map((record) => ({ kind: 'span', record }));

export const logItems = (logs: readonly LogRecord[]): FeedItem[] => logs.map((record) => ({ kind: 'log', record }));

/** A stable React key: spans and logs draw seq from one sequence, the kind keeps them apart regardless. */
export const feedItemKey = (item: FeedItem): string => `${item.kind}-${item.record.seq}`;

/** The span a feed row stands for across its records (in progress, then finished): trace and span id. */
export const spanKey = (span: Pick<SpanSummary, 'traceId' | 'spanId'>): string => `${span.traceId}/${span.spanId}`;

/** A span row's GenAI cells, from summary fields alone. */
export interface SpanRowGenAi {
  operation: string;
  /** The requested model: the summary carries no response model (the opened row's details show it). */
  model: string;
  /** `in→out`, or empty when neither count is known. */
  tokens: string;
  cost: string;
}

export function spanRowGenAi(span: SpanSummary): SpanRowGenAi {
  const ai = span.genAi;
  if (!ai) return { operation: '', model: '', tokens: '', cost: '' };
  const tokens = ai.inputTokens != null || ai.outputTokens != null
    ? `${formatCount(ai.inputTokens ?? 0)}→${formatCount(ai.outputTokens ?? 0)}` : '';
  return { operation: ai.operationName, model: ai.requestModel ?? '', tokens, cost: formatCost(ai.costUsd) };
}

/**
 * The record an opened row shows after `spans` arrived: the newest of them for the same span, when it
 * supersedes `current` (a higher seq, and never an in-progress record after the finished one); else `current`.
 */
export function latestRecord(current: SpanSummary, spans: readonly SpanSummary[]): SpanSummary {
  const key = spanKey(current);
  let latest = current;
  for (const span of spans) {
    if (spanKey(span) !== key || span.seq <= latest.seq) continue;
    if (latest.inProgress !== true && span.inProgress === true) continue;
    latest = span;
  }
  return latest;
}
