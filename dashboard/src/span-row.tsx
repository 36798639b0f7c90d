import { Link } from '@tanstack/react-router';
import { keepTransport } from './app';
import { SpanDuration } from './elapsed';
import { spanRowGenAi } from './feed-item';
import type { SpanSummary } from './hub-contract';
import { formatTime } from './format';

export const feedRowHeightPx = 26;

/**
 * One line of the live feed, drawn from the span's summary: the toggle opens its details (the full
 * record, fetched then) beside the feed; the rest of the row links to the span's trace.
 */
export function SpanRow({ span, topPx, selected, onToggle }: { span: SpanSummary; topPx: number; selected: boolean; onToggle: () => void }) {
  const ai = spanRowGenAi(span);
  return (
    <div data-testid="span-row" data-span-id={span.spanId} data-in-progress={span.inProgress ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      className={`row feed-grid${selected ? ' selected' : ''}${span.status === 'error' ? ' row-error' : ''}`} style={{ top: topPx, height: feedRowHeightPx }}>
      <button type="button" className="row-toggle" data-testid="span-toggle" aria-expanded={selected}
        aria-label={selected ? 'hide details' : 'show details'} title={selected ? 'hide details' : 'details'} onClick={onToggle}>
        {selected ? '▾' : '▸'}
      </button>
      <Link to="/traces/$traceId" params={{ traceId: span.traceId }} search={(prev) => ({ ...keepTransport(prev), span: span.spanId })}
        className="row-link">
        <span className="mono dim">{formatTime(span.startTimeUnixNano)}</span>
        <span className="svc" title={span.serviceName}>{span.serviceName}</span>
        <span className="name" title={span.name}>{span.name}</span>
        <span className="mono num"><SpanDuration span={span} /></span>
        <span className={`status status-${span.status}`}>{span.status === 'unset' ? '' : span.status}</span>
        <span className="ai">{ai.operation && <span className="op">{ai.operation}</span>}</span>
        <span className="model" title={ai.model}>{ai.model}</span>
        <span className="mono num">{ai.tokens}</span>
        <span className="mono num dim">{ai.cost}</span>
      </Link>
    </div>
  );
}
