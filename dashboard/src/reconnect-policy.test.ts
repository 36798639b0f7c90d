import { describe, expect, it } from 'vitest';
import { TableRetryPolicy, nextRetryDelayMs, retryDelaysMs, retryJitterFraction } from './reconnect-policy';

describe('reconnect policy', () => {
  it('nextRetryDelayMs_NoJitter_FollowsTable', () => {
    const delays = retryDelaysMs.map((_, i) => nextRetryDelayMs(i, () => 0));
    expect(delays).toEqual([...retryDelaysMs]);
  });

  it('nextRetryDelayMs_MaxJitter_AddsAtMostFraction', () => {
    retryDelaysMs.forEach((baseMs, i) => {
      expect(nextRetryDelayMs(i, () => 0.999999)).toBeLessThanOrEqual(Math.round(baseMs * (1 + retryJitterFraction)));
      expect(nextRetryDelayMs(i, () => 0.999999)).toBeGreaterThanOrEqual(baseMs);
    });
  });

  it('nextRetryDelayMs_AfterFiveRetries_StopsWithNull', () => {
    expect(retryDelaysMs.length).toBe(5);
    expect(nextRetryDelayMs(5)).toBeNull();
    expect(nextRetryDelayMs(99)).toBeNull();
  });

  it('TableRetryPolicy_RetryContext_UsesPreviousRetryCount', () => {
    const policy = new TableRetryPolicy(() => 0);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 2, elapsedMilliseconds: 0, retryReason: new Error('x') }))
      .toBe(retryDelaysMs[2]);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 5, elapsedMilliseconds: 0, retryReason: new Error('x') }))
      .toBeNull();
  });
});
