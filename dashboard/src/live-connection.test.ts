import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore } from './api-key-store';
import type { DroppedNotice, SpanBatch, SpanRecord, SpanSummary, SpanSummaryBatch } from './hub-contract';
import { LiveConnection } from './live-connection';

const full = (seq: number, serviceName = 'a'): SpanRecord => ({
  seq, traceId: 't', spanId: `s${seq}`, name: 'chat', kind: 'client', serviceName, startTimeUnixNano: 1, endTimeUnixNano: 2,
  durationMs: 1, status: 'ok', inProgress: false, statusMessage: 'fine', attributes: { secret: 'x' }, events: [], scopeName: 'scope',
  genAi: { operationName: 'chat', providerName: 'openai', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024', inputTokens: 1, outputTokens: 2 },
});

/** The connection's hub-facing handlers, called as the hub's client methods would. */
type Handlers = { onSpans(batch: SpanBatch | SpanSummaryBatch): void; onDropped(notice: DroppedNotice): Promise<void> };
const handlers = (connection: LiveConnection) => connection as unknown as Handlers;

let server: Server | null = null;
const urls: string[] = [];

/** A query API on loopback whose `/api/v1/spans` answers full records, as the hub's does. */
async function startQueryApi(spans: SpanRecord[]): Promise<string> {
  urls.length = 0;
  server = createServer((request, response) => {
    urls.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ spans, nextAfterSeq: spans.at(-1)?.seq ?? null }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('LiveConnection summary subscriptions', () => {
  it('onSpans_BatchKey_ReachesOnlyTheSubscriptionOfThatView', () => {
    const connection = new LiveConnection('', [], new ApiKeyStore(null));
    const summaries: SpanSummary[][] = [];
    const records: SpanRecord[][] = [];
    connection.followSummaries({ serviceName: 'a' }, (spans) => summaries.push(spans));
    connection.follow({ serviceName: 'a' }, (spans) => records.push(spans));

    handlers(connection).onSpans({ key: 'serviceName=a&view=summary', spans: [full(1)] });
    expect(summaries.map((b) => b.map((s) => s.seq))).toEqual([[1]]);
    expect(records).toEqual([]);

    handlers(connection).onSpans({ key: 'serviceName=a', spans: [full(2)] });
    expect(records.map((b) => b.map((s) => s.seq))).toEqual([[2]]);
    expect(summaries).toHaveLength(1);
  });

  it('followSummaries_SummaryViewSetEvenWhenFilterSaysFull', () => {
    const connection = new LiveConnection('', [], new ApiKeyStore(null));
    const summaries: SpanSummary[][] = [];
    connection.followSummaries({ view: 'full' }, (spans) => summaries.push(spans));
    handlers(connection).onSpans({ key: '*', spans: [full(1)] });
    handlers(connection).onSpans({ key: 'view=summary', spans: [full(2)] });
    expect(summaries.map((b) => b.map((s) => s.seq))).toEqual([[2]]);
  });

  it('onDropped_SummarySubscription_BackfillsSummariesWithoutSendingTheView', async () => {
    const base = await startQueryApi([full(4), full(5), full(9)]);
    const connection = new LiveConnection(base, [], new ApiKeyStore(null));
    const summaries: SpanSummary[][] = [];
    connection.followSummaries({ serviceName: 'a' }, (spans) => summaries.push(spans));

    await handlers(connection).onDropped({ key: 'serviceName=a&view=summary', fromSeq: 4, toSeq: 5, count: 2 });

    expect(urls).toHaveLength(1);
    const query = new URL(urls[0]!, base).searchParams;
    expect(query.get('serviceName')).toBe('a');
    expect(query.get('afterSeq')).toBe('3');
    expect(query.has('view')).toBe(false);
    // In range only, and projected: the listener gets what the live stream would have given it.
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.map((s) => s.seq)).toEqual([4, 5]);
    expect(Object.keys(summaries[0]![0]!)).not.toContain('attributes');
    expect(summaries[0]![0]!.genAi).toEqual({ operationName: 'chat', requestModel: 'gpt-4o', inputTokens: 1, outputTokens: 2, costUsd: undefined });
  });
});
