import { describe, expect, it } from 'vitest';
import { clockTicks } from './usage-chart';

describe('usage chart', () => {
  it('clockTicks_SecondsApart_HhMmSs', () => {
    const t0 = new Date(2026, 11, 2, 4, 9, 10).getTime() / 1000;
    expect(clockTicks([t0, t0 + 15])).toEqual(['04:09:10', '04:09:25']);
  });

  it('clockTicks_UnderASecondApart_Tenths', () => {
    const t0 = new Date(2026, 11, 2, 4, 9, 12).getTime() / 1000;
    expect(clockTicks([t0, t0 + 0.5])).toEqual(['04:09:12.0', '04:09:12.5']);
  });
});
