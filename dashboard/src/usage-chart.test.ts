import { describe, expect, it } from 'vitest';
import { clockTicks, timeRange } from './usage-chart';

describe('usage chart', () => {
  it('clockTicks_SecondsApart_HhMmSs', () => {
    const t0 = new Date(2026, 11, 2, 4, 9, 10).getTime() / 1000;
    expect(clockTicks([t0, t0 + 15])).toEqual(['04:09:10', '04:09:25']);
  });

  it('clockTicks_UnderASecondApart_Tenths', () => {
    const t0 = new Date(2026, 11, 2, 4, 9, 12).getTime() / 1000;
    expect(clockTicks([t0, t0 + 0.5])).toEqual(['04:09:12.0', '04:09:12.5']);
  });

  it('timeRange_OnePoint_AMinuteAroundIt', () => {
    expect(timeRange(1000, 1000)).toEqual([970, 1030]);
    expect(timeRange(1000, 1012.5)).toEqual([1000, 1012.5]);
  });
});
