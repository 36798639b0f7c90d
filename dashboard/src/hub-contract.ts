// Mirror of the qyl hub contract (docs/api.md "The span record", "SignalR hub", "Query API").
// The one place the dashboard names server-side shapes and methods.

export const hubPath = '/hubs/telemetry';

/** Server methods the client invokes. */
export const hubMethods = { subscribe: 'Subscribe', unsubscribe: 'Unsubscribe' } as const;

/** Client methods the server invokes (the JavaScript client matches them in any case). */
export const clientMethods = { spans: 'Spans', dropped: 'Dropped' } as const;

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
  endTimeUnixNano: number;
  durationMs: number;
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
}

export interface TraceDetail {
  traceId: string;
  spans: SpanRecord[];
}

export interface SpanPage {
  spans: SpanRecord[];
  nextAfterSeq: number | null;
}

export const queryPaths = {
  services: '/api/v1/services',
  sessions: '/api/v1/sessions',
  trace: (traceId: string) => `/api/v1/traces/${encodeURIComponent(traceId)}`,
  spans: '/api/v1/spans',
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
