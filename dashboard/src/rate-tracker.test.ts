import { describe, expect, it } from 'vitest';
import { RateTracker } from './rate-tracker';

describe('RateTracker', () => {
  it('rates_SpansInWindow_AveragePerSecond', () => {
    const tracker = new RateTracker(10);
    tracker.record('a', 1_000, 50);
    tracker.record('a', 5_500, 50);
    tracker.record('b', 9_999, 10);
    const rates = tracker.rates(11_000);
    expect(rates.get('a')).toBe(10);
    expect(rates.get('b')).toBe(1);
  });

  it('rates_OldSpans_FallOutOfWindow', () => {
    const tracker = new RateTracker(10);
    tracker.record('a', 0, 100);
    expect(tracker.rates(60_000).get('a')).toBe(0);
  });
});
