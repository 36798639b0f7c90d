import { describe, expect, it } from 'vitest';
import type { SpanRecord } from './hub-contract';
import { buildWaterfall, mergeSpans } from './waterfall';

const span = (spanId: string, parentSpanId: string | null, start: number, end: number): SpanRecord => ({
  seq: start, traceId: 't', spanId, parentSpanId, name: spanId, kind: 'internal', serviceName: 's',
  startTimeUnixNano: start, endTimeUnixNano: end, durationMs: (end - start) / 1e6, status: 'ok',
});

describe('waterfall', () => {
  it('buildWaterfall_Tree_DepthFirstByStart', () => {
    const rows = buildWaterfall([span('c2', 'root', 50, 90), span('root', null, 0, 100), span('c1', 'root', 10, 40), span('g', 'c1', 20, 30)]);
    expect(rows.map((r) => `${r.span.spanId}:${r.depth}`)).toEqual(['root:0', 'c1:1', 'g:2', 'c2:1']);
    expect(rows[0]).toMatchObject({ offset: 0, width: 1 });
    expect(rows[3]).toMatchObject({ offset: 0.5, width: 0.4 });
  });

  it('buildWaterfall_MissingParent_ShownAsRoot', () => {
    const rows = buildWaterfall([span('orphan', 'unknown', 5, 6), span('root', null, 0, 10)]);
    expect(rows.map((r) => r.depth)).toEqual([0, 0]);
  });

  it('mergeSpans_SameSpanId_Replaced', () => {
    const merged = mergeSpans([span('a', null, 0, 1)], [span('a', null, 0, 2), span('b', 'a', 1, 2)]);
    expect(merged.map((s) => `${s.spanId}:${s.endTimeUnixNano}`)).toEqual(['a:2', 'b:2']);
  });
});
