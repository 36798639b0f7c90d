import { diag, DiagLogLevel, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubProcess, freePort } from './hub-process';
import { hexId } from './otlp';

// The unmodified OpenTelemetry JS SDK log exporters (OTLP/HTTP JSON, OTLP/HTTP protobuf, OTLP/gRPC) against a
// real Qyl.Hub: every field the producer sets comes back from GET /api/v1/logs exactly. No browser needed.
let hub: HubProcess;
let otlpHttpPort: number;
let otlpGrpcPort: number;

// The SDK reports failed exports through diag, never to the caller: collect them so a test names the cause.
const exportErrors: string[] = [];

beforeAll(async () => {
  otlpHttpPort = await freePort();
  otlpGrpcPort = await freePort();
  // Later command-line values win, so these replace HubProcess's port-0 defaults for the OTLP listeners.
  hub = new HubProcess(await freePort(), [`--Qyl:OtlpHttpPort=${otlpHttpPort}`, `--Qyl:OtlpGrpcPort=${otlpGrpcPort}`]);
  await hub.start();
  diag.setLogger({
    error: (message, ...args) => { exportErrors.push([message, ...args.map(String)].join(' ')); },
    warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {},
  }, DiagLogLevel.ERROR);
});

afterAll(async () => {
  diag.disable();
  await hub?.stop();
});

beforeEach(() => {
  exportErrors.length = 0;
});

interface StoredLog {
  seq: number;
  traceId: string | null;
  spanId: string | null;
  serviceName: string;
  sessionId: string | null;
  timeUnixNano: number;
  observedTimeUnixNano: number;
  severityNumber: number;
  severityText: string | null;
  eventName: string | null;
  body: unknown;
  attributes: Record<string, unknown>;
  resourceAttributes: Record<string, unknown>;
  scopeName: string | null;
}

/** Reads the service's records back, waiting until `count` have been stored (ingest is asynchronous). */
async function storedLogs(serviceName: string, count: number): Promise<StoredLog[]> {
  let logs: StoredLog[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${hub.baseUrl}/api/v1/logs?serviceName=${encodeURIComponent(serviceName)}`);
    expect(response.status).toBe(200);
    logs = ((await response.json()) as { logs: StoredLog[] }).logs;
    if (logs.length >= count) return logs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${logs.length} of ${count} log records stored for ${serviceName}; export errors: ${exportErrors.join('; ') || 'none'}\n${hub.log}`);
}

/**
 * A nanosecond time with sub-millisecond digits that a JSON number still holds exactly (a multiple of 256
 * below 2^61), as [seconds, nanos] so the SDK passes it through unrounded.
 */
function exactTime(agoMs: number): { ns: bigint; hrTime: [number, number] } {
  const ns = ((BigInt(Date.now() - agoMs) * 1_000_000n) + 123_456n) & ~255n;
  return { ns, hrTime: [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)] };
}

async function exportAndReadBack(exporter: LogRecordExporter, protocol: string): Promise<void> {
  const serviceName = `otel-js-${protocol}-${hexId(4)}`;
  const sessionId = `session-${hexId(4)}`;
  const resourceAttributes = { 'service.name': serviceName, 'service.version': '1.2.3', 'deployment.environment.name': 'test' };
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(resourceAttributes),
    processors: [new BatchLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('qyl.otel-js-test', '0.1.0');
  const traceId = hexId(16);
  const spanId = hexId(8);
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });
  const times = [exactTime(3), exactTime(2), exactTime(1)];
  const observed = exactTime(0);
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);

  // 1. A GenAI event with a structured body and attributes of every AnyValue kind, inside a span.
  logger.emit({
    eventName: 'gen_ai.user.message',
    timestamp: times[0]!.hrTime,
    observedTimestamp: observed.hrTime,
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { content: 'Where is my order?', role: 'user' },
    attributes: {
      'gen_ai.provider.name': 'openai',
      'session.id': sessionId,
      'turn.index': 3,
      'gen_ai.request.temperature': 0.25,
      'stream': true,
      'tags': ['support', 'orders'],
      'request': { model: 'gpt-4o', max_tokens: 256 },
      'payload': bytes,
    },
    context: spanContext,
  });
  // 2. A plain line outside any span: no trace, span or event name.
  logger.emit({
    timestamp: times[1]!.hrTime,
    observedTimestamp: observed.hrTime,
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment declined: card expired',
    attributes: { 'http.response.status_code': 402 },
  });
  // 3. The older convention: the event name only as the `event.name` attribute.
  logger.emit({
    timestamp: times[2]!.hrTime,
    observedTimestamp: observed.hrTime,
    severityNumber: SeverityNumber.WARN2,
    severityText: 'WARN2',
    body: 'I can look that up.',
    attributes: { 'event.name': 'gen_ai.assistant.message', 'session.id': sessionId },
    context: spanContext,
  });
  await provider.forceFlush();
  await provider.shutdown();
  expect(exportErrors).toEqual([]);

  const logs = await storedLogs(serviceName, 3);
  expect(logs).toHaveLength(3);
  const [event, line, older] = logs;
  expect(event!.seq).toBeLessThan(line!.seq);
  expect(line!.seq).toBeLessThan(older!.seq);
  for (const log of logs) {
    expect(log.serviceName).toBe(serviceName);
    expect(log.resourceAttributes).toEqual(resourceAttributes);
    expect(log.scopeName).toBe('qyl.otel-js-test');
    expect(BigInt(log.observedTimeUnixNano)).toBe(observed.ns);
  }

  expect(event).toMatchObject({
    traceId, spanId, sessionId,
    severityNumber: 9, severityText: 'INFO',
    eventName: 'gen_ai.user.message',
    body: { content: 'Where is my order?', role: 'user' },
  });
  expect(BigInt(event!.timeUnixNano)).toBe(times[0]!.ns);
  expect(event!.attributes).toEqual({
    'gen_ai.provider.name': 'openai',
    'session.id': sessionId,
    'turn.index': 3,
    'gen_ai.request.temperature': 0.25,
    'stream': true,
    'tags': ['support', 'orders'],
    'request': { model: 'gpt-4o', max_tokens: 256 },
    'payload': Buffer.from(bytes).toString('base64'),
  });

  expect(line).toMatchObject({
    traceId: null, spanId: null, sessionId: null,
    severityNumber: 17, severityText: 'ERROR',
    eventName: null,
    body: 'payment declined: card expired',
    attributes: { 'http.response.status_code': 402 },
  });
  expect(Object.keys(line!.attributes)).toEqual(['http.response.status_code']);
  expect(BigInt(line!.timeUnixNano)).toBe(times[1]!.ns);

  expect(older).toMatchObject({
    traceId, spanId, sessionId,
    severityNumber: 14, severityText: 'WARN2',
    eventName: 'gen_ai.assistant.message',
    body: 'I can look that up.',
  });
  expect(older!.attributes).toEqual({ 'event.name': 'gen_ai.assistant.message', 'session.id': sessionId });
  expect(BigInt(older!.timeUnixNano)).toBe(times[2]!.ns);
}

describe('OpenTelemetry JS SDK log exporters', () => {
  it('otelJs_HttpJsonExporter_OnHttpPort_EveryFieldArrives', async () => {
    await exportAndReadBack(new JsonLogExporter({ url: `${hub.baseUrl}/v1/logs` }), 'json');
  });

  it('otelJs_HttpProtobufExporter_OnOtlpHttpPort_EveryFieldArrives', async () => {
    await exportAndReadBack(new ProtoLogExporter({ url: `http://127.0.0.1:${otlpHttpPort}/v1/logs` }), 'proto');
  });

  it('otelJs_GrpcExporter_OnOtlpGrpcPort_EveryFieldArrives', async () => {
    await exportAndReadBack(new GrpcLogExporter({ url: `http://127.0.0.1:${otlpGrpcPort}` }), 'grpc');
  });
});
