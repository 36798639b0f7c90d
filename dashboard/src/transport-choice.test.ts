import { describe, expect, it } from 'vitest';
import { transportCandidates } from './transport-choice';

describe('transportCandidates', () => {
  it('transportCandidates_NoParam_FallbackOrder', () => {
    expect(transportCandidates('').map((c) => c.name)).toEqual(['websockets', 'sse', 'longpolling']);
  });

  it('transportCandidates_Forced_OnlyThatOne', () => {
    expect(transportCandidates('?transport=sse').map((c) => c.name)).toEqual(['sse']);
    expect(transportCandidates('?transport=LongPolling').map((c) => c.name)).toEqual(['longpolling']);
  });

  it('transportCandidates_Sse_UsesJsonNotMessagePack', () => {
    expect(transportCandidates('?transport=sse')[0]?.messagePack).toBe(false);
    expect(transportCandidates('?transport=websockets')[0]?.messagePack).toBe(true);
  });

  it('transportCandidates_Unknown_FallbackOrder', () => {
    expect(transportCandidates('?transport=carrier-pigeon')).toHaveLength(3);
  });
});
