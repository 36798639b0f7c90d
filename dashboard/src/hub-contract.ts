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

export interface GenAiInfo {
  operationName: string;
  providerName?: string | null;
  requestModel?: string | null;
  responseModel?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  agentName?: string | null;
  toolName?: string | null;
  /** "Cost": USD from the hub's price table; null when the model has no known price. */
  costUsd?: number | null;
}

export interface SpanEvent {
  name: string;
  timeUnixNano: number;
  attributes?: Record<string, AttributeValue> | null;
}

export interface SpanRecord {
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
  statusMessage?: string | null;
  genAi?: GenAiInfo | null;
  attributes?: Record<string, AttributeValue> | null;
  resourceAttributes?: Record<string, AttributeValue> | null;
  events?: SpanEvent[] | null;
  scopeName?: string | null;
}

/** Subscription filter: set fields are ANDed, none set means every span. */
export interface SpanFilter {
  serviceName?: string;
  sessionId?: string;
  traceId?: string;
  genAiOnly?: boolean;
}

export interface SpanBatch {
  key: string;
  spans: SpanRecord[];
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

/**
 * The canonical key of a filter, as the server computes it (SpanFilter.CanonicalKey): set fields in
 * the order serviceName, sessionId, traceId, genAiOnly, percent-encoded, or "*" when none is set.
 */
export function canonicalKey(filter: SpanFilter): string {
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

/**
 * Security (docs/api.md "Security"): with Qyl:ApiKey set the hub answers 401 unless a request carries
 * `Authorization: Bearer <key>`, or `access_token=<key>` in the query string where a browser cannot
 * set headers (WebSocket, EventSource).
 */
export const auth = { scheme: 'Bearer', queryParam: 'access_token', unauthorizedStatus: 401 } as const;
