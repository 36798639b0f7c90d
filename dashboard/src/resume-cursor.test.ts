import { describe, expect, it } from 'vitest';
import type { SpanRecord } from './hub-contract';
import { ResumeCursor } from './resume-cursor';

const span = (seq: number): SpanRecord => ({
  seq, traceId: 't', spanId: `s${seq}`, name: 'n', kind: 'internal', serviceName: 'svc',
  startTimeUnixNano: 0, endTimeUnixNano: 0, durationMs: 0, status: 'unset',
});

describe('ResumeCursor', () => {
  it('lastSeq_New_IsNullMeaningLiveOnly', () => {
    expect(new ResumeCursor().lastSeq).toBeNull();
  });

  it('accept_InOrder_AdvancesToLastSeq', () => {
    const cursor = new ResumeCursor();
    expect(cursor.accept([span(3), span(5)]).map((s) => s.seq)).toEqual([3, 5]);
    expect(cursor.lastSeq).toBe(5);
  });

  it('accept_ReplayAfterResubscribe_DropsDuplicates', () => {
    const cursor = new ResumeCursor();
    cursor.accept([span(1), span(2), span(3)]);
    expect(cursor.accept([span(2), span(3), span(4)]).map((s) => s.seq)).toEqual([4]);
    expect(cursor.lastSeq).toBe(4);
  });

  it('accept_Empty_KeepsCursor', () => {
    const cursor = new ResumeCursor(7);
    expect(cursor.accept([])).toEqual([]);
    expect(cursor.lastSeq).toBe(7);
  });
});
