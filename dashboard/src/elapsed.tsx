import { formatDuration } from './format';
import { useNowMs } from './use-now';

/** The running time of a span still in progress, ticking (the finished record replaces it with the real duration). */
export function Elapsed({ startTimeUnixNano }: { startTimeUnixNano: number }) {
  const nowMs = useNowMs(250);
  return <span className="running" title="in progress">{formatDuration(Math.max(0, nowMs - startTimeUnixNano / 1e6))}…</span>;
}

/** A span's duration, or its elapsed time while it is in progress. */
export function SpanDuration({ span }: { span: { inProgress?: boolean; durationMs: number | null; startTimeUnixNano: number } }) {
  if (span.inProgress || span.durationMs === null) return <Elapsed startTimeUnixNano={span.startTimeUnixNano} />;
  return <>{formatDuration(span.durationMs)}</>;
}
