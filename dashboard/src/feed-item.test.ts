import { describe, expect, it } from 'vitest';
import { feedItemKey, latestRecord, spanItems, spanKey, spanRowGenAi } from './feed-item';
import { summaryOf, type SpanRecord, type SpanSummary } from './hub-contract';

const summary = (seq: number, fields: Partial<SpanSummary> = {}): SpanSummary => ({
  seq, traceId: 't1', spanId: 's1', name: 'chat', kind: 'client', serviceName: 'svc', startTimeUnixNano: 1,
  endTimeUnixNano: 2, durationMs: 1, status: 'ok', inProgress: false, ...fields,
});

describe('feed items from summaries', () => {
  it('spanItems_Summaries_OneSpanRowEachKeyedBySeq', () => {
    const items = spanItems([summary(3), summary(4, { spanId: 's2' })]);
    expect(items.map((i) => i.kind)).toEqual(['span', 'span']);
    expect(items.map(feedItemKey)).toEqual(['span-3', 'span-4']);
    expect(items[1]!.record.spanId).toBe('s2');
  });

  it('spanRowGenAi_SummaryGenAi_RequestModelTokensCost', () => {
    const row = spanRowGenAi(summary(1, { genAi: { operationName: 'chat', requestModel: 'gpt-4o', inputTokens: 1200, outputTokens: 340, costUsd: 0.0064 } }));
    expect(row).toEqual({ operation: 'chat', model: 'gpt-4o', tokens: '1200→340', cost: '$0.0064' });
  });

  it('spanRowGenAi_NoGenAiOrNoCounts_EmptyCells', () => {
    expect(spanRowGenAi(summary(1))).toEqual({ operation: '', model: '', tokens: '', cost: '' });
    expect(spanRowGenAi(summary(1, { genAi: { operationName: 'execute_tool' } }))).toEqual({ operation: 'execute_tool', model: '', tokens: '', cost: '' });
    expect(spanRowGenAi(summary(1, { genAi: { operationName: 'chat', outputTokens: 5, costUsd: null } })).tokens).toBe('0→5');
  });

  it('spanRowGenAi_FullRecordAndItsSummary_SameCells', () => {
    // The feed once read full records; a summary must draw the same row (the model is the requested one).
    const full: SpanRecord = {
      ...summary(1), attributes: { a: 'b' },
      genAi: { operationName: 'chat', providerName: 'openai', requestModel: 'gpt-4o', inputTokens: 12_345, outputTokens: 2, costUsd: 1.5, agentName: 'x' },
    };
    expect(spanRowGenAi(summaryOf(full))).toEqual(spanRowGenAi(full));
  });

  it('latestRecord_FinishedAfterRunning_Follows', () => {
    const running = summary(5, { inProgress: true, endTimeUnixNano: null, durationMs: null });
    const finished = summary(9);
    expect(latestRecord(running, [summary(7, { spanId: 'other' }), finished])).toBe(finished);
  });

  it('latestRecord_RunningAfterFinishedOrOlderOrOtherSpan_KeepsCurrent', () => {
    const finished = summary(5);
    expect(latestRecord(finished, [summary(8, { inProgress: true })])).toBe(finished);
    expect(latestRecord(finished, [summary(4)])).toBe(finished);
    expect(latestRecord(finished, [summary(9, { traceId: 't2' })])).toBe(finished);
  });

  it('spanKey_TraceAndSpanId', () => {
    expect(spanKey(summary(1))).toBe('t1/s1');
  });
});
