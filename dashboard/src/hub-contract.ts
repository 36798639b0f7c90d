// Mirror of the qyl hub contract (docs/api.md "The span record", "SignalR hub", "Query API").
// The one place the dashboard names server-side shapes and methods.

export const hubPath = '/hubs/telemetry';

/** Server methods the client invokes. */
export const hubMethods = { subscribe: 'Subscribe', unsubscribe: 'Unsubscribe', subscribeLogs: 'SubscribeLogs' } as const;

/** Client methods the server invokes (the JavaScript client matches them in any case). */
export const clientMethods = { spans: 'Spans', logs: 'Logs', dropped: 'Dropped' } as const;

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanStatus = 'unset' | 'ok' | 'error';
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** The summary view's GenAI block (SpanSummary.genAi): operation, requested model, token counts and cost. */
export interface GenAiSummary {
  operationName: string;
  requestModel?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** "Cost": USD from the hub's price table; null when the model has no known price. */
  costUsd?: number | null;
}

export interface GenAiInfo extends GenAiSummary {
  providerName?: string | null;
  responseModel?: string | null;
  agentName?: string | null;
  toolName?: string | null;
}

export interface SpanEvent {
  name: string;
  timeUnixNano: number;
  attributes?: Record<string, AttributeValue> | null;
}

/**
 * The summary view of a span (`filter.view = "summary"`): what a live list shows, without attributes,
 * resource, events, status message, scope or message content. The field names are the full record's,
 * so a full record is a summary too; the whole record is one `GET /api/v1/traces/{traceId}` away.
 */
export interface SpanSummary {
  seq: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  kind: SpanKind | string;
  serviceName: string;
  sessionId?: string | null;
  startTimeUnixNano: number;
  /** Null while the span is in progress ("In-progress spans"). */
  endTimeUnixNano: number | null;
  durationMs: number | null;
  inProgress?: boolean;
  status: SpanStatus | string;
  genAi?: GenAiSummary | null;
}

/** The full span record (the default view). */
export interface SpanRecord extends SpanSummary {
  statusMessage?: string | null;
  genAi?: GenAiInfo | null;
  attributes?: Record<string, AttributeValue> | null;
  resourceAttributes?: Record<string, AttributeValue> | null;
  events?: SpanEvent[] | null;
  scopeName?: string | null;
}

/** What each delivered span carries: the full record (the default) or its summary. */
export type SpanView = 'full' | 'summary';

/** Subscription filter: set fields are ANDed, none set means every span. */
export interface SpanFilter {
  serviceName?: string;
  sessionId?: string;
  traceId?: string;
  genAiOnly?: boolean;
  /**
   * Span subscriptions only (log subscriptions refuse `summary`): selects no span, but is part of the
   * key, so the two views of one selection are two subscriptions. Absent means full.
   */
  view?: SpanView;
}

export interface SpanBatch {
  key: string;
  spans: SpanRecord[];
}

/** A batch of a summary-view subscription: the same client method (`Spans`) and shape. */
export interface SpanSummaryBatch {
  key: string;
  spans: SpanSummary[];
}

export interface DroppedNotice {
  key: string;
  fromSeq: number;
  toSeq: number;
  count: number;
}

export interface ServiceSummary {
  serviceName: string;
  spanCount: number;
  lastSeenUnixNano: number;
}

export interface SessionSummary {
  sessionId: string;
  serviceName: string;
  spanCount: number;
  traceCount: number;
  firstSeenUnixNano: number;
  lastSeenUnixNano: number;
  inputTokens: number;
  outputTokens: number;
  errorCount: number;
  costUsd?: number | null;
  unpricedSpans?: number;
}

export interface TraceSummary {
  traceId: string;
  rootName: string;
  serviceName: string;
  sessionId?: string | null;
  startTimeUnixNano: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  costUsd?: number | null;
  unpricedSpans?: number;
}

/** "Logs and events": an OTLP log record as the hub stores it. */
export interface LogRecord {
  seq: number;
  traceId?: string | null;
  spanId?: string | null;
  serviceName: string;
  sessionId?: string | null;
  timeUnixNano: number;
  observedTimeUnixNano?: number;
  severityNumber?: number;
  severityText?: string | null;
  eventName?: string | null;
  body?: AttributeValue;
  attributes?: Record<string, AttributeValue> | null;
  resourceAttributes?: Record<string, AttributeValue> | null;
  scopeName?: string | null;
}

export interface LogBatch {
  key: string;
  logs: LogRecord[];
}

export interface LogPage {
  logs: LogRecord[];
  nextAfterSeq: number | null;
}

export interface TraceDetail {
  traceId: string;
  spans: SpanRecord[];
  /** Added by "Logs and events"; absent from a hub that predates it. */
  logs?: LogRecord[];
}

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';

/** One part of a message: text, a tool call, a tool result, or any other type passed through. */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id?: string | null; name: string; arguments?: AttributeValue }
  | { type: 'tool_call_response'; id?: string | null; response?: AttributeValue }
  | { type: string; [field: string]: AttributeValue | undefined };

/** "GenAI conversations": a message of a model call, normalized from whichever convention was used. */
export interface ConversationMessage {
  spanId?: string | null;
  role: MessageRole | string;
  parts: MessagePart[];
  finishReason?: string | null;
  source: 'attribute' | 'span_event' | 'log' | string;
}

export interface TraceMessages {
  traceId: string;
  messages: ConversationMessage[];
}

export interface SessionMessages {
  sessionId: string;
  messages: ConversationMessage[];
}

export interface SpanPage {
  spans: SpanRecord[];
  nextAfterSeq: number | null;
}

export const queryPaths = {
  services: '/api/v1/services',
  sessions: '/api/v1/sessions',
  traces: '/api/v1/traces',
  trace: (traceId: string) => `/api/v1/traces/${encodeURIComponent(traceId)}`,
  traceMessages: (traceId: string) => `/api/v1/traces/${encodeURIComponent(traceId)}/messages`,
  sessionMessages: (sessionId: string) => `/api/v1/sessions/${encodeURIComponent(sessionId)}/messages`,
  spans: '/api/v1/spans',
  logs: '/api/v1/logs',
} as const;

/** The filter's selection: the same filter without `view` (what a log subscription is sent). */
export function selectionOf(filter: SpanFilter): SpanFilter {
  const selection: SpanFilter = {};
  if (filter.serviceName !== undefined) selection.serviceName = filter.serviceName;
  if (filter.sessionId !== undefined) selection.sessionId = filter.sessionId;
  if (filter.traceId !== undefined) selection.traceId = filter.traceId;
  if (filter.genAiOnly !== undefined) selection.genAiOnly = filter.genAiOnly;
  return selection;
}

/**
 * The key of the spans a filter selects, as the server computes it (SpanFilter.SelectionKey): set
 * fields in the order serviceName, sessionId, traceId, genAiOnly, percent-encoded, or "*" when none is set.
 */
export function selectionKey(filter: SpanFilter): string {
  // Uri.EscapeDataString escapes everything but RFC 3986 unreserved characters; encodeURIComponent leaves !'()* alone.
  const escape = (value: string) =>
    encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  if (filter.serviceName) parts.push(`serviceName=${escape(filter.serviceName)}`);
  if (filter.sessionId) parts.push(`sessionId=${escape(filter.sessionId)}`);
  if (filter.traceId) parts.push(`traceId=${escape(filter.traceId.toLowerCase())}`);
  if (filter.genAiOnly) parts.push('genAiOnly=true');
  return parts.length === 0 ? '*' : parts.join('&');
}

/** The key of the summary view of a selection (SpanFilter.SummaryKey): `view=summary`, always last. */
export function summaryKey(selection: string): string {
  return selection === '*' ? 'view=summary' : `${selection}&view=summary`;
}

/**
 * The canonical key of a filter, as the server computes it (SpanFilter.CanonicalKey): the selection's
 * key, with `view=summary` appended for the summary view (the full view, the default, adds nothing).
 */
export function canonicalKey(filter: SpanFilter): string {
  const selection = selectionKey(filter);
  return filter.view === 'summary' ? summaryKey(selection) : selection;
}

/** The summary of a full record (SpanSummary.From), e.g. for a summary subscription's backfill from the query API. */
export function summaryOf(span: SpanRecord): SpanSummary {
  const ai = span.genAi;
  return {
    seq: span.seq, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, name: span.name, kind: span.kind,
    serviceName: span.serviceName, sessionId: span.sessionId, startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano, durationMs: span.durationMs, status: span.status, inProgress: span.inProgress,
    genAi: ai ? {
      operationName: ai.operationName, requestModel: ai.requestModel, inputTokens: ai.inputTokens, outputTokens: ai.outputTokens,
      costUsd: ai.costUsd,
    } : null,
  };
}

/**
 * Security (docs/api.md "Security"): with Qyl:ApiKey set the hub answers 401 unless a request carries
 * `Authorization: Bearer <key>`, or `access_token=<key>` in the query string where a browser cannot
 * set headers (WebSocket, EventSource).
 */
export const auth = { scheme: 'Bearer', queryParam: 'access_token', unauthorizedStatus: 401 } as const;
