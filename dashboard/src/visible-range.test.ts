import { describe, expect, it } from 'vitest';
import { overscanRows, visibleRange } from './visible-range';

describe('visibleRange', () => {
  it('visibleRange_Top_StartsAtZero', () => {
    expect(visibleRange(0, 240, 24, 100_000)).toEqual({ first: 0, last: 10 + overscanRows });
  });

  it('visibleRange_Middle_OnlyViewportPlusOverscan', () => {
    const { first, last } = visibleRange(24 * 50_000, 240, 24, 100_000);
    expect(first).toBe(50_000 - overscanRows);
    expect(last - first).toBe(10 + 2 * overscanRows);
  });

  it('visibleRange_FewRows_ClampedToCount', () => {
    expect(visibleRange(0, 1000, 24, 3)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(0, 1000, 24, 0)).toEqual({ first: 0, last: 0 });
  });
});
