import { describe, expect, it } from 'vitest';
import { QueryCache } from './query-cache';

describe('QueryCache', () => {
  it('load_ConcurrentCalls_OneFetch', async () => {
    let fetches = 0;
    const cache = new QueryCache(async () => { fetches++; return [1]; });
    await Promise.all([cache.load('/a'), cache.load('/a')]);
    expect(fetches).toBe(1);
    expect(cache.entry('/a').state).toEqual({ data: [1], error: null, loading: false });
  });

  it('load_Failure_KeepsOldDataWithError', async () => {
    let fail = false;
    const cache = new QueryCache(async () => { if (fail) throw new Error('boom'); return 'ok'; });
    await cache.load('/a');
    fail = true;
    await cache.load('/a');
    expect(cache.entry('/a').state).toEqual({ data: 'ok', error: 'boom', loading: false });
  });

  it('invalidate_WithReader_Refetches', async () => {
    let fetches = 0;
    const cache = new QueryCache(async () => ++fetches);
    cache.entry('/a').listeners.add(() => undefined);
    cache.invalidate('/a');
    await cache.load('/a');
    expect(fetches).toBe(1);
    expect(cache.entry('/a').state.data).toBe(1);
  });

  it('invalidate_NoReader_NoFetch', () => {
    let fetches = 0;
    const cache = new QueryCache(async () => ++fetches);
    cache.invalidate('/b');
    expect(fetches).toBe(0);
  });
});
