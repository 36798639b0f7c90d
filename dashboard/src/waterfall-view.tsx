import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { SpanDuration } from './elapsed';
import { formatTime } from './format';
import { logSummary, severityClass, severityLabel } from './log-text';
import type { WaterfallRow } from './waterfall';

export const waterfallRowHeightPx = 26;

/** The trace's rows (spans, and log records under their span), virtualized: a trace can hold thousands. */
export function WaterfallView({ rows, selectedSpanId, onSelect }: {
  rows: WaterfallRow[]; selectedSpanId: string | null; onSelect: (spanId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => waterfallRowHeightPx, overscan: 10,
    getItemKey: (index) => { const row = rows[index]; return !row ? index : row.kind === 'span' ? `s-${row.span.spanId}` : `l-${row.log.seq}`; },
  });
  return (
    <div ref={scroller} className="waterfall" data-testid="waterfall">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const style = { top: item.start, height: waterfallRowHeightPx };
          if (row.kind === 'log') {
            const { log } = row;
            return (
              <button type="button" key={item.key} data-testid="log-row" data-seq={log.seq} data-span-id={log.spanId ?? undefined}
                className={`wf-row wf-log${log.spanId && log.spanId === selectedSpanId ? ' selected-log' : ''}`} style={style}
                onClick={() => log.spanId && onSelect(log.spanId)}>
                <span className="wf-name" style={{ paddingLeft: 8 + row.depth * 14 }} title={logSummary(log)}>
                  <span className={`sev ${severityClass(log)}`}>{severityLabel(log) || 'log'}</span> {logSummary(log)}
                </span>
                <span className="wf-track"><span className="wf-tick" style={{ left: `${row.offset * 100}%` }} /></span>
                <span className="mono num dim">{formatTime(log.timeUnixNano || log.observedTimeUnixNano || 0)}</span>
              </button>
            );
          }
          const { span } = row;
          return (
            <button type="button" key={item.key} data-testid="trace-span" data-span-id={span.spanId}
              data-in-progress={span.inProgress ? 'true' : undefined} style={style}
              className={`wf-row${span.spanId === selectedSpanId ? ' selected' : ''}${span.status === 'error' ? ' row-error' : ''}${span.inProgress ? ' running-row' : ''}`}
              onClick={() => onSelect(span.spanId)}>
              <span className="wf-name" style={{ paddingLeft: 8 + row.depth * 14 }} title={span.name}>
                {span.genAi && <span className="op">{span.genAi.operationName}</span>} {span.name}
                <span className="dim"> {span.serviceName}</span>
              </span>
              <span className="wf-track">
                <span className="wf-bar" style={{ left: `${row.offset * 100}%`, width: `max(2px, ${row.width * 100}%)` }} />
              </span>
              <span className="mono num"><SpanDuration span={span} /></span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
