import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

describe('matchRoute', () => {
  it('matchRoute_KnownPaths_Pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'feed' });
    expect(matchRoute('/sessions/')).toEqual({ page: 'sessions' });
    expect(matchRoute('/services')).toEqual({ page: 'services' });
    expect(matchRoute('/traces/abc123')).toEqual({ page: 'trace', traceId: 'abc123' });
  });

  it('matchRoute_Unknown_NotFound', () => {
    expect(matchRoute('/nope').page).toBe('not-found');
  });
});
