import { useCallback, useEffect, useMemo, useState } from 'react';
import { queryPaths, type SpanRecord, type TraceDetail } from './hub-contract';
import { formatDuration } from './format';
import { useLiveSpans } from './live';
import { fetchJson } from './query-cache';
import { SpanDetails } from './span-details';
import { buildWaterfall, mergeSpans } from './waterfall';

/** Route `/traces/{traceId}`: the stored spans as a waterfall, with live spans of the trace merged in place. */
export function TracePage({ traceId, search }: { traceId: string; search: string }) {
  const [spans, setSpans] = useState<SpanRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(() => new URLSearchParams(search).get('span'));
  const filter = useMemo(() => ({ traceId }), [traceId]);
  // Subscribe first and fetch after, merging by span id, so spans arriving in between are not lost.
  const onSpans = useCallback((incoming: SpanRecord[]) => setSpans((current) => mergeSpans(current, incoming)), []);
  useLiveSpans(filter, onSpans);
  useEffect(() => {
    let cancelled = false;
    setSpans([]);
    fetchJson(queryPaths.trace(traceId)).then(
      (detail) => { if (!cancelled) { setError(null); setSpans((current) => mergeSpans((detail as TraceDetail).spans, current)); } },
      (e: unknown) => { if (!cancelled) setError(e instanceof Error ? e.message : String(e)); },
    );
    return () => { cancelled = true; };
  }, [traceId]);

  const rows = useMemo(() => buildWaterfall(spans), [spans]);
  const selected = spans.find((s) => s.spanId === selectedId) ?? null;
  const root = rows[0]?.span;
  const totalMs = rows.length ? Math.max(...rows.map((r) => (r.span.endTimeUnixNano - (root?.startTimeUnixNano ?? 0)) / 1e6)) : 0;

  return (
    <section className="page trace">
      <h1>
        Trace <span className="mono dim">{traceId}</span>
        {root && <span className="dim"> · {root.serviceName} · {spans.length} spans · {formatDuration(totalMs)}</span>}
      </h1>
      {error && spans.length === 0 && <div className="empty">{error === 'not found' ? 'trace not stored (yet); waiting for live spans…' : error}</div>}
      <div className="trace-body">
        <div className="waterfall">
          {rows.map(({ span, depth, offset, width }) => (
            <button type="button" key={span.spanId} data-testid="trace-span" data-span-id={span.spanId}
              className={`wf-row${span.spanId === selectedId ? ' selected' : ''}${span.status === 'error' ? ' row-error' : ''}`}
              onClick={() => setSelectedId(span.spanId)}>
              <span className="wf-name" style={{ paddingLeft: 8 + depth * 14 }} title={span.name}>
                {span.genAi && <span className="op">{span.genAi.operationName}</span>} {span.name}
                <span className="dim"> {span.serviceName}</span>
              </span>
              <span className="wf-track">
                <span className="wf-bar" style={{ left: `${offset * 100}%`, width: `max(2px, ${width * 100}%)` }} />
              </span>
              <span className="mono num">{formatDuration(span.durationMs)}</span>
            </button>
          ))}
        </div>
        {selected && <SpanDetails span={selected} onClose={() => setSelectedId(null)} />}
      </div>
    </section>
  );
}
