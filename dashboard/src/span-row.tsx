import { Link } from '@tanstack/react-router';
import { keepTransport } from './app';
import { SpanDuration } from './elapsed';
import type { SpanRecord } from './hub-contract';
import { formatCost, formatCount, formatTime } from './format';

export const feedRowHeightPx = 26;

/** One line of the live feed; the whole row links to the span's trace. */
export function SpanRow({ span, topPx }: { span: SpanRecord; topPx: number }) {
  const ai = span.genAi;
  const tokens = ai && (ai.inputTokens != null || ai.outputTokens != null)
    ? `${formatCount(ai.inputTokens ?? 0)}→${formatCount(ai.outputTokens ?? 0)}` : '';
  return (
    <Link to="/traces/$traceId" params={{ traceId: span.traceId }} search={(prev) => ({ ...keepTransport(prev), span: span.spanId })}
      data-testid="span-row" data-span-id={span.spanId} data-in-progress={span.inProgress ? 'true' : undefined}
      className={`row feed-grid${span.status === 'error' ? ' row-error' : ''}`} style={{ top: topPx, height: feedRowHeightPx }}>
      <span className="mono dim">{formatTime(span.startTimeUnixNano)}</span>
      <span className="svc" title={span.serviceName}>{span.serviceName}</span>
      <span className="name" title={span.name}>{span.name}</span>
      <span className="mono num"><SpanDuration span={span} /></span>
      <span className={`status status-${span.status}`}>{span.status === 'unset' ? '' : span.status}</span>
      <span className="ai">{ai && <span className="op">{ai.operationName}</span>}</span>
      <span className="model" title={ai?.responseModel ?? ai?.requestModel ?? ''}>{ai?.responseModel ?? ai?.requestModel ?? ''}</span>
      <span className="mono num">{tokens}</span>
      <span className="mono num dim">{formatCost(ai?.costUsd)}</span>
    </Link>
  );
}
