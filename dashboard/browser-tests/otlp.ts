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
          const durationNs = BigInt(Math.round((s.durationMs ?? 12) * 1_000_000));
          return {
            traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '',
            name: s.name ?? 'test span', kind: 2,
            startTimeUnixNano: String(nowNs - durationNs), endTimeUnixNano: String(nowNs),
            attributes, events: [{ name: 'checkpoint', timeUnixNano: String(nowNs), attributes: [] }],
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
