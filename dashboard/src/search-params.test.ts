import { describe, expect, it } from 'vitest';
import { globalSearch, parseSearch, stringifySearch, text } from './search-params';

describe('search params', () => {
  it('parseSearch_PlainPairs_FirstValueWins', () => {
    expect(parseSearch('?a=1&b=%22x%22&a=2')).toEqual({ a: '1', b: '"x"' });
    expect(parseSearch('')).toEqual({});
  });

  it('stringifySearch_SkipsUnsetEmptyAndFalse', () => {
    expect(stringifySearch({ a: 'x y', b: undefined, c: '', d: false, e: true, f: 3 })).toBe('?a=x+y&e=true&f=3');
    expect(stringifySearch({})).toBe('');
  });

  it('stringifySearch_RoundTripsThroughParse', () => {
    const search = { serviceName: 'chk(out)', sessionId: '42', traceId: 'abc' };
    expect(parseSearch(stringifySearch(search))).toEqual(search);
  });

  it('text_TrimsAndDropsEmpty', () => {
    expect(text('  a ')).toBe('a');
    expect(text('   ')).toBeUndefined();
    expect(text(undefined)).toBeUndefined();
  });

  it('globalSearch_KeepsOnlyTransport', () => {
    expect(globalSearch({ transport: 'sse', other: 'x' })).toEqual({ transport: 'sse' });
    expect(globalSearch({})).toEqual({});
  });
});
