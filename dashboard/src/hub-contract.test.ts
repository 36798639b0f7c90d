import { describe, expect, it } from 'vitest';
import { canonicalKey, selectionOf, summaryKey, summaryOf, type SpanRecord } from './hub-contract';

describe('canonicalKey', () => {
  it('canonicalKey_NoFieldSet_IsStar', () => {
    expect(canonicalKey({})).toBe('*');
    expect(canonicalKey({ genAiOnly: false, serviceName: '' })).toBe('*');
  });

  it('canonicalKey_AllFields_FixedOrderLowercaseTrace', () => {
    expect(canonicalKey({ genAiOnly: true, traceId: 'ABC', sessionId: 's 1', serviceName: 'chk(out)' }))
      .toBe('serviceName=chk%28out%29&sessionId=s%201&traceId=abc&genAiOnly=true');
  });

  it('canonicalKey_SummaryView_ViewSummaryAppendedLast', () => {
    expect(canonicalKey({ view: 'summary' })).toBe('view=summary');
    expect(canonicalKey({ view: 'summary', serviceName: 'a' })).toBe('serviceName=a&view=summary');
    expect(canonicalKey({ view: 'summary', genAiOnly: true, traceId: 'ABC', sessionId: 's 1', serviceName: 'chk(out)' }))
      .toBe('serviceName=chk%28out%29&sessionId=s%201&traceId=abc&genAiOnly=true&view=summary');
    // genAiOnly=false selects nothing, as on the server.
    expect(canonicalKey({ view: 'summary', genAiOnly: false, serviceName: '' })).toBe('view=summary');
  });

  it('canonicalKey_FullView_SameAsNoView', () => {
    expect(canonicalKey({ view: 'full' })).toBe('*');
    expect(canonicalKey({ view: 'full', serviceName: 'a' })).toBe('serviceName=a');
  });

  it('summaryKey_OfSelectionKey_MirrorsServer', () => {
    expect(summaryKey('*')).toBe('view=summary');
    expect(summaryKey('sessionId=x')).toBe('sessionId=x&view=summary');
  });

  it('selectionOf_DropsViewOnly', () => {
    expect(selectionOf({ serviceName: 'a', genAiOnly: true, view: 'summary' })).toEqual({ serviceName: 'a', genAiOnly: true });
    expect(selectionOf({ view: 'summary' })).toEqual({});
  });
});

describe('summaryOf', () => {
  it('summaryOf_FullRecord_SummaryFieldsOnly', () => {
    const full: SpanRecord = {
      seq: 7, traceId: 't', spanId: 's', parentSpanId: 'p', name: 'chat', kind: 'client', serviceName: 'svc', sessionId: 'sess',
      startTimeUnixNano: 1, endTimeUnixNano: 2, durationMs: 0.000001, status: 'error', statusMessage: 'boom', inProgress: false,
      genAi: {
        operationName: 'chat', providerName: 'openai', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024', inputTokens: 10,
        outputTokens: 20, agentName: 'a', toolName: 't', costUsd: 0.5,
      },
      attributes: { secret: 'x' }, resourceAttributes: { 'service.name': 'svc' }, events: [{ name: 'e', timeUnixNano: 1 }], scopeName: 'scope',
    };
    expect(summaryOf(full)).toEqual({
      seq: 7, traceId: 't', spanId: 's', parentSpanId: 'p', name: 'chat', kind: 'client', serviceName: 'svc', sessionId: 'sess',
      startTimeUnixNano: 1, endTimeUnixNano: 2, durationMs: 0.000001, status: 'error', inProgress: false,
      genAi: { operationName: 'chat', requestModel: 'gpt-4o', inputTokens: 10, outputTokens: 20, costUsd: 0.5 },
    });
    expect(summaryOf({ ...full, genAi: null }).genAi).toBeNull();
  });
});
