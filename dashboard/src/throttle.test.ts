import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('trigger_BurstWithinInterval_OneLeadingOneTrailing', () => {
    let runs = 0;
    const t = throttle(() => runs++, 1000);
    for (let i = 0; i < 50; i++) t.trigger();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(runs).toBe(2);
  });

  it('cancel_PendingTrailing_NotRun', () => {
    let runs = 0;
    const t = throttle(() => runs++, 1000);
    t.trigger();
    t.trigger();
    t.cancel();
    vi.advanceTimersByTime(2000);
    expect(runs).toBe(1);
  });
});
