import { describe, expect, it } from 'vitest';
import type { LogRecord, SpanRecord } from './hub-contract';
import { buildWaterfall, traceDurationMs } from './waterfall';

const span = (spanId: string, parentSpanId: string | null, start: number, end: number | null): SpanRecord => ({
  seq: start, traceId: 't', spanId, parentSpanId, name: spanId, kind: 'internal', serviceName: 's',
  startTimeUnixNano: start, endTimeUnixNano: end, durationMs: end === null ? null : (end - start) / 1e6, status: 'ok',
  inProgress: end === null,
});

const log = (seq: number, spanId: string | null, time: number): LogRecord => ({
  seq, traceId: 't', spanId, serviceName: 's', timeUnixNano: time, body: `log ${seq}`,
});

const shape = (rows: ReturnType<typeof buildWaterfall>) =>
  rows.map((r) => (r.kind === 'span' ? `${r.span.spanId}:${r.depth}` : `log${r.log.seq}:${r.depth}`));

describe('waterfall', () => {
  it('buildWaterfall_Tree_DepthFirstByStart', () => {
    const rows = buildWaterfall([span('c2', 'root', 50, 90), span('root', null, 0, 100), span('c1', 'root', 10, 40), span('g', 'c1', 20, 30)]);
    expect(shape(rows)).toEqual(['root:0', 'c1:1', 'g:2', 'c2:1']);
    expect(rows[0]).toMatchObject({ offset: 0, width: 1 });
    expect(rows[3]).toMatchObject({ offset: 0.5, width: 0.4 });
  });

  it('buildWaterfall_MissingParent_ShownAsRoot', () => {
    const rows = buildWaterfall([span('orphan', 'unknown', 5, 6), span('root', null, 0, 10)]);
    expect(rows.map((r) => r.depth)).toEqual([0, 0]);
  });

  it('buildWaterfall_Logs_RightAfterTheirSpanInTimeOrder_StrayLast', () => {
    const rows = buildWaterfall(
      [span('root', null, 0, 100), span('c1', 'root', 10, 40)],
      [log(9, 'c1', 30), log(7, 'c1', 20), log(8, 'root', 5), log(10, 'elsewhere', 50)],
    );
    expect(shape(rows)).toEqual(['root:0', 'log8:1', 'c1:1', 'log7:2', 'log9:2', 'log10:0']);
    expect(rows[3]).toMatchObject({ kind: 'log', offset: 0.2 });
  });

  it('buildWaterfall_InProgressSpan_ReachesToLatestKnownTime', () => {
    const rows = buildWaterfall([span('root', null, 0, null), span('c1', 'root', 10, 40)]);
    expect(rows[0]).toMatchObject({ kind: 'span', offset: 0, width: 1 });
    expect(traceDurationMs([span('root', null, 0, null), span('c1', 'root', 1e6, 4e6)])).toBe(4);
  });
});
