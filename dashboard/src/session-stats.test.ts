import { describe, expect, it } from 'vitest';
import type { GenAiInfo, SpanRecord } from './hub-contract';
import { sessionStats } from './session-stats';

let seq = 0;
const span = (traceId: string, spanId: string, parent: string | null, startMs: number, endMs: number | null, genAi?: GenAiInfo, error = false): SpanRecord => ({
  seq: ++seq, traceId, spanId, parentSpanId: parent, name: genAi ? `${genAi.operationName} ${genAi.requestModel ?? genAi.toolName ?? ''}`.trim() : spanId,
  kind: 'internal', serviceName: 'agent', sessionId: 's', startTimeUnixNano: startMs * 1e6, endTimeUnixNano: endMs === null ? null : endMs * 1e6,
  durationMs: endMs === null ? null : endMs - startMs, status: error ? 'error' : 'ok', inProgress: endMs === null, genAi,
});

const chat = (model: string, inputTokens: number, outputTokens: number, costUsd: number | null): GenAiInfo =>
  ({ operationName: 'chat', requestModel: model, inputTokens, outputTokens, costUsd, agentName: 'planner' });

describe('sessionStats', () => {
  const spans = [
    span('t1', 'r1', null, 0, 3000, { operationName: 'invoke_agent', agentName: 'planner' }),
    span('t1', 'c1', 'r1', 100, 900, chat('gpt-4o', 1000, 100, 0.0035)),
    span('t1', 'k1', 'r1', 1000, 1200, { operationName: 'execute_tool', toolName: 'search' }),
    span('t1', 'c2', 'r1', 1300, 2900, chat('gpt-4o', 1200, 80, 0.0038)),
    span('t2', 'r2', null, 5000, null, { operationName: 'invoke_agent', agentName: 'planner' }),
    span('t2', 'c3', 'r2', 5100, 5600, chat('mystery-model', 500, 20, null)),
    span('t2', 'k2', 'r2', 5700, 5800, { operationName: 'execute_tool', toolName: 'search' }, true),
  ];

  it('sessionStats_Meters_SumFinishedSpansCostNeverGuessed', () => {
    const stats = sessionStats(spans);
    expect(stats.inputTokens).toBe(2700);
    expect(stats.outputTokens).toBe(200);
    expect(stats.costUsd).toBeCloseTo(0.0073, 10);
    expect(stats.unpricedSpans).toBe(1);
    expect(stats.errorCount).toBe(1);
    expect(stats.inProgressCount).toBe(1);
    expect((stats.lastTimeUnixNano! - stats.firstStartUnixNano!) / 1e6).toBe(5800);
  });

  it('sessionStats_Turns_ModelCallsAndToolsInOrder', () => {
    const { turns } = sessionStats(spans);
    expect(turns.map((t) => t.traceId)).toEqual(['t1', 't2']);
    expect(turns[0]!.steps.map((s) => `${s.kind}:${s.label}`)).toEqual(['model:gpt-4o', 'tool:search', 'model:gpt-4o']);
    expect(turns[1]).toMatchObject({ inProgress: true, errorCount: 1, rootName: 'invoke_agent' });
  });

  it('sessionStats_AgentsToolsModels_Counted', () => {
    const stats = sessionStats(spans);
    expect(stats.tools).toEqual([['search', 2]]);
    expect(stats.models).toEqual([['gpt-4o', 2], ['mystery-model', 1]]);
    expect(stats.agents[0]).toEqual(['planner', 4]);
  });

  it('sessionStats_Usage_RunningTotalsByEndTime', () => {
    const { usage } = sessionStats(spans);
    expect(usage.map((p) => p.tokens)).toEqual([1100, 2380, 2900]);
    expect(usage.map((p) => p.timeSeconds)).toEqual([0.9, 2.9, 5.6]);
    expect(usage[2]!.costUsd).toBeCloseTo(0.0073, 10);
  });

  it('sessionStats_Empty_Zeros', () => {
    expect(sessionStats([])).toMatchObject({ spanCount: 0, inputTokens: 0, costUsd: 0, firstStartUnixNano: null, turns: [], usage: [] });
  });
});
