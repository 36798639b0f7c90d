import { randomBytes } from 'node:crypto';

export const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

export interface TestSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  service?: string;
  sessionId?: string;
  genAi?: { operation: string; model: string; inputTokens: number; outputTokens: number };
  error?: boolean;
  durationMs?: number;
  /** Milliseconds before now the span ends (default 0: it ends now). */
  endAgoMs?: number;
  /** Extra span attributes (strings), e.g. gen_ai.input.messages as JSON. */
  attributes?: Record<string, string>;
}

/**
 * Sends spans to the hub as OTLP/JSON (hex ids, lowerCamelCase) and returns them with their ids filled in;
 * `apiKey` goes in `x-api-key` for a hub started with Qyl:ApiKey.
 */
export async function sendSpans(baseUrl: string, spans: TestSpan[], apiKey?: string): Promise<Required<Pick<TestSpan, 'traceId' | 'spanId'>>[]> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const filled = spans.map((s) => ({ ...s, traceId: s.traceId ?? hexId(16), spanId: s.spanId ?? hexId(8) }));
  const byService = new Map<string, typeof filled>();
  for (const span of filled) {
    const service = span.service ?? 'browser-test';
    byService.set(service, [...(byService.get(service) ?? []), span]);
  }
  const body = {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{
        scope: { name: 'qyl.browser-tests' },
        spans: list.map((s) => {
          const attributes: { key: string; value: Record<string, unknown> }[] = [];
          if (s.sessionId) attributes.push({ key: 'session.id', value: { stringValue: s.sessionId } });
          if (s.genAi) {
            attributes.push(
              { key: 'gen_ai.operation.name', value: { stringValue: s.genAi.operation } },
              { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
              { key: 'gen_ai.request.model', value: { stringValue: s.genAi.model } },
              { key: 'gen_ai.usage.input_tokens', value: { intValue: String(s.genAi.inputTokens) } },
              { key: 'gen_ai.usage.output_tokens', value: { intValue: String(s.genAi.outputTokens) } },
            );
          }
          for (const [key, value] of Object.entries(s.attributes ?? {})) attributes.push({ key, value: { stringValue: value } });
          const durationNs = BigInt(Math.round((s.durationMs ?? 12) * 1_000_000));
          const endNs = nowNs - BigInt(Math.round((s.endAgoMs ?? 0) * 1_000_000));
          return {
            traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '',
            name: s.name ?? 'test span', kind: 2,
            startTimeUnixNano: String(endNs - durationNs), endTimeUnixNano: String(endNs),
            attributes, events: [{ name: 'checkpoint', timeUnixNano: String(endNs), attributes: [] }],
            status: s.error ? { code: 2, message: 'boom' } : { code: 1 },
          };
        }),
      }],
    })),
  };
  const response = await fetch(`${baseUrl}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`POST /v1/traces answered ${response.status}: ${await response.text()}`);
  return filled;
}

export interface TestLog {
  traceId?: string;
  spanId?: string;
  service?: string;
  sessionId?: string;
  body: string;
  eventName?: string;
  severityNumber?: number;
  severityText?: string;
  attributes?: Record<string, string>;
}

/** Sends log records to the hub's `POST /v1/logs` as OTLP/JSON. */
export async function sendLogs(baseUrl: string, logs: TestLog[], apiKey?: string): Promise<void> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const byService = new Map<string, TestLog[]>();
  for (const log of logs) byService.set(log.service ?? 'browser-test', [...(byService.get(log.service ?? 'browser-test') ?? []), log]);
  const body = {
    resourceLogs: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeLogs: [{
        scope: { name: 'qyl.browser-tests' },
        logRecords: list.map((l, i) => {
          const attributes = Object.entries(l.attributes ?? {}).map(([key, value]) => ({ key, value: { stringValue: value } }));
          if (l.sessionId) attributes.push({ key: 'session.id', value: { stringValue: l.sessionId } });
          return {
            timeUnixNano: String(nowNs + BigInt(i)), observedTimeUnixNano: String(nowNs + BigInt(i)),
            severityNumber: l.severityNumber ?? 9, severityText: l.severityText ?? 'INFO',
            ...(l.eventName ? { eventName: l.eventName } : {}),
            body: { stringValue: l.body }, attributes, traceId: l.traceId ?? '', spanId: l.spanId ?? '',
          };
        }),
      }],
    })),
  };
  const response = await fetch(`${baseUrl}/v1/logs`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`POST /v1/logs answered ${response.status}: ${await response.text()}`);
}

/** gen_ai.input.messages / gen_ai.output.messages JSON as the semantic conventions shape it. */
export function messagesJson(...messages: { role: string; text?: string; toolCall?: { id: string; name: string; arguments: unknown }; toolResult?: { id: string; response: unknown }; finishReason?: string }[]): string {
  return JSON.stringify(messages.map((m) => ({
    role: m.role,
    parts: [
      ...(m.text !== undefined ? [{ type: 'text', content: m.text }] : []),
      ...(m.toolCall ? [{ type: 'tool_call', id: m.toolCall.id, name: m.toolCall.name, arguments: m.toolCall.arguments }] : []),
      ...(m.toolResult ? [{ type: 'tool_call_response', id: m.toolResult.id, response: m.toolResult.response }] : []),
    ],
    ...(m.finishReason ? { finish_reason: m.finishReason } : {}),
  })));
}
