import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { Conversation } from './conversation';
import { formatCost, formatDuration } from './format';
import { traceMessagesQuery, traceQuery } from './queries';
import { NotFoundError } from './query-client';
import { SpanDetails } from './span-details';
import { useLiveTrace } from './use-live-trace';
import { buildWaterfall, traceDurationMs } from './waterfall';
import { WaterfallView } from './waterfall-view';

/**
 * Route `/traces/{traceId}`: the waterfall (spans, their log records under them) beside the
 * conversation of the trace's model calls; both grow live as the trace's spans and logs land.
 */
export function TracePage({ traceId, selectedSpanId }: { traceId: string; selectedSpanId: string | null }) {
  useLiveTrace(traceId);
  const { data, error } = useQuery(traceQuery(traceId));
  const messages = useQuery(traceMessagesQuery(traceId));
  const spans = data?.spans ?? [];
  const logs = data?.logs ?? [];
  const rows = useMemo(() => buildWaterfall(spans, logs), [spans, logs]);
  const navigate = useNavigate();
  const select = (span: string | null) =>
    void navigate({ to: '/traces/$traceId', params: { traceId }, search: (prev) => ({ ...prev, span: span ?? undefined }), replace: true });
  const selected = spans.find((s) => s.spanId === selectedSpanId) ?? null;
  const root = spans.find((s) => !s.parentSpanId) ?? spans[0];
  const all = messages.data?.messages ?? [];
  const spanNames = useMemo(() => new Map(spans.map((s) => [s.spanId, s.name])), [spans]);
  const cost = spans.reduce((sum, s) => sum + (s.genAi?.costUsd ?? 0), 0);

  return (
    <section className="page trace">
      <h1>
        Trace <span className="mono dim">{traceId}</span>
        {root && (
          <span className="dim"> · {root.serviceName} · {spans.length} spans{logs.length > 0 ? ` · ${logs.length} logs` : ''}
            {' '}· {formatDuration(traceDurationMs(spans))}{cost > 0 ? ` · ${formatCost(cost)}` : ''}</span>
        )}
      </h1>
      {error && rows.length === 0 && (
        <div className="empty">{error instanceof NotFoundError ? 'trace not stored (yet); waiting for live spans…' : error.message}</div>
      )}
      <div className="trace-body">
        <div className="trace-main">
          <WaterfallView rows={rows} selectedSpanId={selectedSpanId} onSelect={select} />
          {selected && (
            <SpanDetails span={selected} messages={all.filter((m) => m.spanId === selected.spanId)} onClose={() => select(null)} />
          )}
        </div>
        <aside className="convo-panel" data-testid="conversation">
          <h2>Conversation <span className="dim">{all.length > 0 ? `${all.length} messages` : ''}</span></h2>
          <Conversation messages={all} highlightSpanId={selectedSpanId} onSelect={select} spanNames={spanNames}
            empty={messages.isPending ? 'loading…' : 'no GenAI messages in this trace (yet)'} />
        </aside>
      </div>
    </section>
  );
}
