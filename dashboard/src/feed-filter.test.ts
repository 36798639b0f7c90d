import { describe, expect, it } from 'vitest';
import { filterFromSearch, searchWithFilter } from './feed-filter';

describe('feed filter', () => {
  it('filterFromSearch_AllParams_Filter', () => {
    expect(filterFromSearch('?serviceName=a&sessionId=s&traceId=t&genAiOnly=true&transport=sse'))
      .toEqual({ serviceName: 'a', sessionId: 's', traceId: 't', genAiOnly: true });
  });

  it('filterFromSearch_EmptyValues_Unset', () => {
    expect(filterFromSearch('?serviceName=&genAiOnly=false')).toEqual({});
  });

  it('searchWithFilter_KeepsTransport_RemovesCleared', () => {
    expect(searchWithFilter('?transport=sse&serviceName=old', { sessionId: 'x', genAiOnly: true }))
      .toBe('?transport=sse&sessionId=x&genAiOnly=true');
    expect(searchWithFilter('?serviceName=old', {})).toBe('');
  });
});
