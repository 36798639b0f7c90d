import { describe, expect, it } from 'vitest';
import { formatAge, formatCost, formatCount, formatDuration } from './format';

describe('format', () => {
  it('formatDuration_Ranges_Units', () => {
    expect(formatDuration(0.25)).toBe('250µs');
    expect(formatDuration(3.21)).toBe('3.2ms');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1500)).toBe('1.50s');
    expect(formatDuration(125_000)).toBe('2m5s');
  });

  it('formatCount_Large_Abbreviated', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_300)).toBe('12.3k');
    expect(formatCount(null)).toBe('');
  });

  it('formatAge_Seconds_Ago', () => {
    expect(formatAge(10_000 * 1e6, 15_000)).toBe('5s ago');
  });
});

describe('formatCost', () => {
  it('formatCost_Ranges_NeverRoundedToZero', () => {
    expect(formatCost(null)).toBe('');
    expect(formatCost(undefined)).toBe('');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.000042)).toBe('$0.000042');
    expect(formatCost(0.01234)).toBe('$0.0123');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(12345.6)).toBe('$12,346');
  });
});
