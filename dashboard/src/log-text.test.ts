import { describe, expect, it } from 'vitest';
import { logSummary, severityClass, severityLabel, valueText } from './log-text';

describe('log text', () => {
  it('valueText_StringsAsIs_OthersJson', () => {
    expect(valueText('hi')).toBe('hi');
    expect(valueText({ a: [1, true] })).toBe('{"a":[1,true]}');
    expect(valueText(null)).toBe('');
  });

  it('severityLabel_TextElseOtlpRange', () => {
    expect(severityLabel({ severityText: 'Warning', severityNumber: 13 })).toBe('Warning');
    expect(severityLabel({ severityNumber: 9 })).toBe('INFO');
    expect(severityLabel({ severityNumber: 17 })).toBe('ERROR');
    expect(severityLabel({ severityNumber: 24 })).toBe('FATAL');
    expect(severityLabel({ severityNumber: 0 })).toBe('');
  });

  it('severityClass_WarnFrom13ErrorFrom17', () => {
    expect(severityClass({ severityNumber: 12 })).toBe('sev-info');
    expect(severityClass({ severityNumber: 13 })).toBe('sev-warn');
    expect(severityClass({ severityNumber: 17 })).toBe('sev-error');
  });

  it('logSummary_EventNameAndBody', () => {
    expect(logSummary({ eventName: 'gen_ai.choice', body: { text: 'x' } })).toBe('gen_ai.choice: {"text":"x"}');
    expect(logSummary({ eventName: null, body: 'plain' })).toBe('plain');
    expect(logSummary({ eventName: 'only', body: null })).toBe('only');
  });
});
