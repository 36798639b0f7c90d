import { describe, expect, it } from 'vitest';
import { RingStore, type FrameScheduler } from './ring-store';

function manualScheduler(): { schedule: FrameScheduler; run: () => number } {
  let queued: (() => void)[] = [];
  return {
    schedule: (cb) => { queued.push(cb); },
    run: () => { const n = queued.length; const q = queued; queued = []; q.forEach((cb) => cb()); return n; },
  };
}

describe('RingStore', () => {
  it('push_ManyBeforeFrame_OneFlushOneNotification', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(10, frames.schedule);
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 100; i++) store.push([i]);
    expect(store.getSnapshot().total).toBe(0);
    expect(frames.run()).toBe(1);
    expect(notified).toBe(1);
    expect(store.getSnapshot().total).toBe(100);
  });

  it('flush_OverCapacity_KeepsNewest', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(3, frames.schedule);
    store.push([1, 2, 3, 4, 5]);
    frames.run();
    const snap = store.getSnapshot();
    expect(snap.size).toBe(3);
    expect([snap.at(4), snap.at(3), snap.at(2), snap.at(1)]).toEqual([5, 4, 3, undefined]);
  });

  it('getSnapshot_NoChange_SameIdentity', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(3, frames.schedule);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.push([1]);
    frames.run();
    expect(store.getSnapshot()).not.toBe(first);
  });

  it('at_OldSnapshotAfterOverwrite_ReturnsUndefined', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(2, frames.schedule);
    store.push([1, 2]);
    frames.run();
    const paused = store.getSnapshot();
    store.push([3]);
    frames.run();
    expect(paused.at(0)).toBeUndefined();
    expect(paused.at(1)).toBe(2);
  });

  it('flush_HundredThousandItems_AllAddressable', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(100_000, frames.schedule);
    for (let i = 0; i < 100_000; i += 1000) store.push(Array.from({ length: 1000 }, (_, j) => i + j));
    frames.run();
    const snap = store.getSnapshot();
    expect(snap.size).toBe(100_000);
    expect(snap.at(snap.total - 1)).toBe(99_999);
    expect(snap.at(0)).toBe(0);
  });

  it('clear_AfterItems_EmptyAndNotifies', () => {
    const frames = manualScheduler();
    const store = new RingStore<number>(4, frames.schedule);
    store.push([1]);
    frames.run();
    let notified = 0;
    store.subscribe(() => notified++);
    store.clear();
    expect(store.getSnapshot().total).toBe(0);
    expect(notified).toBe(1);
  });
});
