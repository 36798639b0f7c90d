import { describe, expect, it } from 'vitest';
import type { LogRecord, SpanRecord } from './hub-contract';
import { mergeLogs, mergeSpans, mergeTraceDetail, withLiveRecords } from './record-merge';

const span = (spanId: string, seq: number, inProgress = false): SpanRecord => ({
  seq, traceId: 't', spanId, name: spanId, kind: 'internal', serviceName: 's', startTimeUnixNano: 0,
  endTimeUnixNano: inProgress ? null : 10, durationMs: inProgress ? null : 0.00001, status: 'unset', inProgress,
});
const log = (seq: number): LogRecord => ({ seq, traceId: 't', serviceName: 's', timeUnixNano: seq });

describe('record merge', () => {
  it('mergeSpans_SameSpanId_HigherSeqReplaces', () => {
    const merged = mergeSpans([span('a', 1), span('b', 2)], [span('a', 5), span('c', 6)]);
    expect(merged.map((s) => `${s.spanId}:${s.seq}`)).toEqual(['a:5', 'b:2', 'c:6']);
  });

  it('mergeSpans_InProgressAfterFinished_FinishedKept', () => {
    // The in-progress record replayed late (lower or even higher seq) never hides the finished one.
    expect(mergeSpans([span('a', 5)], [span('a', 9, true)])[0]!.seq).toBe(5);
    expect(mergeSpans([span('a', 3, true)], [span('a', 2)])[0]!.inProgress).toBe(false);
  });

  it('mergeSpans_NothingNew_SameArray', () => {
    const current = [span('a', 5)];
    expect(mergeSpans(current, [span('a', 4)])).toBe(current);
    expect(mergeSpans(current, [])).toBe(current);
  });

  it('mergeLogs_BySeq_SortedNoDuplicates', () => {
    const current = [log(3), log(1)];
    expect(mergeLogs(current, [log(2), log(3)]).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(mergeLogs(current, [log(1)])).toBe(current);
  });

  it('mergeTraceDetail_LiveRecordsDuringFetch_Kept', () => {
    const cached = withLiveRecords(undefined, 't', [span('live', 9)], [log(10)]);
    const merged = mergeTraceDetail({ traceId: 't', spans: [span('root', 1)], logs: [log(2)] }, cached);
    expect(merged.spans.map((s) => s.spanId)).toEqual(['root', 'live']);
    expect(merged.logs!.map((l) => l.seq)).toEqual([2, 10]);
  });

  it('mergeTraceDetail_HubWithoutLogs_EmptyLogs', () => {
    expect(mergeTraceDetail({ traceId: 't', spans: [] }, undefined).logs).toEqual([]);
  });

  it('withLiveRecords_Unchanged_SameObject', () => {
    const cached = withLiveRecords(undefined, 't', [span('a', 1)], []);
    expect(withLiveRecords(cached, 't', [span('a', 1)], [])).toBe(cached);
  });
});
