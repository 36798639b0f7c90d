import type { LogRecord, SpanRecord } from './hub-contract';

/** One row of the live feed: a span or a log record (the feed shows spans, logs or both). */
export type FeedItem = { kind: 'span'; record: SpanRecord } | { kind: 'log'; record: LogRecord };

export const spanItems = (spans: readonly SpanRecord[]): FeedItem[] => spans.map((record) => ({ kind: 'span', record }));

export const logItems = (logs: readonly LogRecord[]): FeedItem[] => logs.map((record) => ({ kind: 'log', record }));

/** A stable React key: spans and logs draw seq from one sequence, the kind keeps them apart regardless. */
export const feedItemKey = (item: FeedItem): string => `${item.kind}-${item.record.seq}`;
