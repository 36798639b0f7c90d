import { describe, expect, it } from 'vitest';
import type { FeedItem } from './feed-item';
import { placeFinished } from './feed-running';
import type { SpanSummary } from './hub-contract';
import { RingStore } from './ring-store';

const span = (seq: number, spanId: string, inProgress: boolean) =>
  ({ seq, traceId: 't', spanId, inProgress, durationMs: inProgress ? null : 5 }) as unknown as SpanSummary;

describe('placeFinished', () => {
  it('placeFinished_FinishedAfterRunning_ReplacesTheRowInPlace', () => {
    const store = new RingStore<FeedItem>(10, () => {});
    const running = new Set<string>();
    store.push(placeFinished(store, running, [span(1, 'a', true), span(2, 'b', false)]).map((record) => ({ kind: 'span', record })));
    store.flush();

    const fresh = placeFinished(store, running, [span(3, 'a', false), span(4, 'c', false)]);

    expect(fresh.map((s) => s.seq)).toEqual([4]);
    const snap = store.getSnapshot();
    expect(snap.size).toBe(2);
    expect(snap.at(0)?.record.seq).toBe(3);
    expect(running.size).toBe(0);
  });
});
