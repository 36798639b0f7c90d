import { describe, expect, it } from 'vitest';
import { callStarts, foldedPreview, partView, prettyValue, roleLabel, shouldFold } from './message-format';

describe('message format', () => {
  it('prettyValue_JsonStringOrValue_Indented', () => {
    expect(prettyValue('{"city":"Paris","days":[1,2]}')).toBe('{\n  "city": "Paris",\n  "days": [\n    1,\n    2\n  ]\n}');
    expect(prettyValue({ ok: true })).toBe('{\n  "ok": true\n}');
    expect(prettyValue('sunny, 21°C')).toBe('sunny, 21°C');
    expect(prettyValue('{not json')).toBe('{not json');
    expect(prettyValue(42)).toBe('42');
    expect(prettyValue(null)).toBe('');
  });

  it('shouldFold_LongTextOrManyLines', () => {
    expect(shouldFold('short')).toBe(false);
    expect(shouldFold('x'.repeat(701))).toBe(true);
    expect(shouldFold(Array.from({ length: 13 }, () => 'l').join('\n'))).toBe(true);
    expect(shouldFold(Array.from({ length: 12 }, () => 'l').join('\n'))).toBe(false);
    expect(foldedPreview(Array.from({ length: 20 }, (_, i) => `${i}`).join('\n')).split('\n')).toHaveLength(12);
  });

  it('partView_EachPartType', () => {
    expect(partView({ type: 'text', content: 'hi' })).toEqual({ kind: 'text', text: 'hi' });
    expect(partView({ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }))
      .toEqual({ kind: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{\n  "city": "Paris"\n}' });
    expect(partView({ type: 'tool_call_response', id: 'c1', response: { temp: 21 } }))
      .toEqual({ kind: 'tool-result', id: 'c1', response: '{\n  "temp": 21\n}' });
    expect(partView({ type: 'blob', mime_type: 'image/png' })).toEqual({ kind: 'other', type: 'blob', json: '{\n  "mime_type": "image/png"\n}' });
  });

  it('roleLabel_KnownAndOther', () => {
    expect(roleLabel('assistant')).toBe('assistant');
    expect(roleLabel('developer')).toBe('developer');
  });

  it('callStarts_FirstMessageOfEachSpan', () => {
    const m = (spanId: string) => ({ spanId, role: 'user', parts: [], source: 'attribute' });
    expect([...callStarts([m('a'), m('a'), m('b'), m('a')])]).toEqual([0, 2, 3]);
  });
});
