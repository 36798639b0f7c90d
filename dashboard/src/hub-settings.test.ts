import { describe, expect, it } from 'vitest';
import { isStale } from './hub-settings';

describe('isStale', () => {
  it('isStale_PastTheTimeout_True', () => {
    const startNs = 1_000_000 * 1e6;
    expect(isStale(startNs, 1_000_000 + 600_001, 600_000)).toBe(true);
    expect(isStale(startNs, 1_000_000 + 600_000, 600_000)).toBe(false);
    expect(isStale(startNs, 1_000_000 + 5, 600_000)).toBe(false);
  });
});
