import { describe, expect, it } from 'vitest';
import { canonicalKey } from './hub-contract';

describe('canonicalKey', () => {
  it('canonicalKey_NoFieldSet_IsStar', () => {
    expect(canonicalKey({})).toBe('*');
    expect(canonicalKey({ genAiOnly: false, serviceName: '' })).toBe('*');
  });

  it('canonicalKey_AllFields_FixedOrderLowercaseTrace', () => {
    expect(canonicalKey({ genAiOnly: true, traceId: 'ABC', sessionId: 's 1', serviceName: 'chk(out)' }))
      .toBe('serviceName=chk%28out%29&sessionId=s%201&traceId=abc&genAiOnly=true');
  });
});
