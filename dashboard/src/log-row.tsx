import { Link } from '@tanstack/react-router';
import { keepTransport } from './app';
import { feedRowHeightPx } from './span-row';
import type { LogRecord } from './hub-contract';
import { formatTime } from './format';
import { logSummary, severityClass, severityLabel } from './log-text';

/** One log record in the live feed; with a trace it links to that trace, its span selected. */
export function FeedLogRow({ log, topPx }: { log: LogRecord; topPx: number }) {
  const cells = (
    <>
      {/* The span rows' details toggle column, so time and service line up when the feed shows both. */}
      <span />
      <span className="mono dim">{formatTime(log.timeUnixNano || log.observedTimeUnixNano || 0)}</span>
      <span className="svc" title={log.serviceName}>{log.serviceName}</span>
      <span className={`sev ${severityClass(log)}`}>{severityLabel(log) || 'log'}</span>
      <span className="name log-body" title={logSummary(log)}>{logSummary(log)}</span>
    </>
  );
  const common = {
    'data-testid': 'log-row', 'data-seq': log.seq, className: 'row feed-log-grid',
    style: { top: topPx, height: feedRowHeightPx },
  } as const;
  if (!log.traceId) return <div {...common}>{cells}</div>;
  return (
    <Link to="/traces/$traceId" params={{ traceId: log.traceId }} {...common}
      search={(prev) => ({ ...keepTransport(prev), ...(log.spanId ? { span: log.spanId } : {}) })}>
      {cells}
    </Link>
  );
}
