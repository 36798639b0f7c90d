import { describe, expect, it } from 'vitest';
import { feedSearch, filterOf, withFilter } from './feed-filter';
import { parseSearch, stringifySearch } from './search-params';

describe('feed filter', () => {
  it('feedSearch_AllParams_FilterShowAndTransport', () => {
    const search = feedSearch(parseSearch('?serviceName=a&sessionId=s&traceId=t&genAiOnly=true&transport=sse&show=both'));
    expect(search).toEqual({ serviceName: 'a', sessionId: 's', traceId: 't', genAiOnly: true, transport: 'sse', show: 'both' });
    expect(filterOf(search)).toEqual({ serviceName: 'a', sessionId: 's', traceId: 't', genAiOnly: true });
  });

  it('feedSearch_EmptyOrUnknownValues_Unset', () => {
    expect(feedSearch(parseSearch('?serviceName=&genAiOnly=false&show=everything'))).toEqual({});
  });

  it('feedSearch_NumericLookingIds_StayStrings', () => {
    expect(feedSearch(parseSearch('?sessionId=00123'))).toEqual({ sessionId: '00123' });
    expect(stringifySearch({ sessionId: '00123' })).toBe('?sessionId=00123');
  });

  it('withFilter_KeepsTransportAndShow_RemovesCleared', () => {
    const next = withFilter({ transport: 'sse', serviceName: 'old', show: 'logs' }, { sessionId: 'x', genAiOnly: true });
    expect(stringifySearch(next as Record<string, unknown>)).toBe('?transport=sse&sessionId=x&genAiOnly=true&show=logs');
    expect(stringifySearch(withFilter({ serviceName: 'old' }, {}) as Record<string, unknown>)).toBe('');
  });
});
