import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { formatDuration } from './format';
import { traceQuery } from './queries';
import { NotFoundError } from './query-client';
import { SpanDetails } from './span-details';
import { useLiveTrace } from './use-live-trace';
import { buildWaterfall, traceDurationMs } from './waterfall';
import { WaterfallView } from './waterfall-view';

/** Route `/traces/{traceId}`: the stored spans and logs as a waterfall, with live ones merged in place. */
export function TracePage({ traceId, selectedSpanId }: { traceId: string; selectedSpanId: string | null }) {
  useLiveTrace(traceId);
  const { data, error } = useQuery(traceQuery(traceId));
  const spans = data?.spans ?? [];
  const logs = data?.logs ?? [];
  const rows = useMemo(() => buildWaterfall(spans, logs), [spans, logs]);
  const navigate = useNavigate();
  const select = (span: string | null) =>
    void navigate({ to: '/traces/$traceId', params: { traceId }, search: (prev) => ({ ...prev, span: span ?? undefined }), replace: true });
  const selected = spans.find((s) => s.spanId === selectedSpanId) ?? null;
  const root = spans.find((s) => !s.parentSpanId) ?? spans[0];

  return (
    <section className="page trace">
      <h1>
        Trace <span className="mono dim">{traceId}</span>
        {root && <span className="dim"> · {root.serviceName} · {spans.length} spans{logs.length > 0 ? ` · ${logs.length} logs` : ''} · {formatDuration(traceDurationMs(spans))}</span>}
      </h1>
      {error && rows.length === 0 && (
        <div className="empty">{error instanceof NotFoundError ? 'trace not stored (yet); waiting for live spans…' : error.message}</div>
      )}
      <div className="trace-body">
        <WaterfallView rows={rows} selectedSpanId={selectedSpanId} onSelect={select} />
        {selected && <SpanDetails span={selected} onClose={() => select(null)} />}
      </div>
    </section>
  );
}
