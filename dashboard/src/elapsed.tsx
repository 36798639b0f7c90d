import { formatDuration } from './format';
import { isStale, useInProgressTimeoutMs } from './hub-settings';
import { useNowMs } from './use-now';

/**
 * The running time of a span still in progress, ticking (the finished record replaces it with the real
 * duration). Past Qyl:Streaming:InProgressTimeoutSeconds with no end it is marked stale, not dropped:
 * its process may have died before the span ended.
 */
export function Elapsed({ startTimeUnixNano }: { startTimeUnixNano: number }) {
  const nowMs = useNowMs(250);
  const stale = isStale(startTimeUnixNano, nowMs, useInProgressTimeoutMs());
  const elapsed = formatDuration(Math.max(0, nowMs - startTimeUnixNano / 1e6));
  // Stale: the word, not the time (the duration column is narrow); the time stays in the tooltip.
  return (
    <span className={stale ? 'running stale' : 'running'} data-testid="elapsed" data-stale={stale ? 'true' : undefined}
      title={stale ? `started ${elapsed} ago, no end received: stale` : 'in progress'}>
      {stale ? 'stale' : `${elapsed}…`}
    </span>
  );
}

/** A span's duration, or its elapsed time while it is in progress. */
export function SpanDuration({ span }: { span: { inProgress?: boolean; durationMs: number | null; startTimeUnixNano: number } }) {
  if (span.inProgress || span.durationMs === null) return <Elapsed startTimeUnixNano={span.startTimeUnixNano} />;
  return <>{formatDuration(span.durationMs)}</>;
}
