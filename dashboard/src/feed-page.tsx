import { useVirtualizer } from '@tanstack/react-virtual';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { FeedFilterBar } from './feed-filter-bar';
import { filterOf, withFilter, type FeedSearch, type FeedShow } from './feed-filter';
import { FeedSpanDetails } from './feed-details';
import { feedItemKey, latestRecord, logItems, spanItems, spanKey, type FeedItem } from './feed-item';
import { placeFinished } from './feed-running';
import type { LogRecord, SpanFilter, SpanSummary } from './hub-contract';
import { useLiveLogs, useLiveSpanSummaries } from './live';
import { FeedLogRow } from './log-row';
import { RingStore, type RingSnapshot } from './ring-store';
import { feedRowHeightPx, SpanRow } from './span-row';

/** How many of the newest rows the feed keeps. */
export const feedCapacity = 100_000;

// Outside React: the hub's batches land here as they arrive and are drawn once per animation frame.
const store = new RingStore<FeedItem>(feedCapacity);
// Keys of the in-progress rows the feed shows, so a span's finished record replaces its row (feed-running.ts).
const running = new Set<string>();

/**
 * Route `/`: every new span (and/or log record, `?show=`), newest first, filtered by the URL's query
 * string. Spans arrive as summaries (`view: "summary"`); an opened row fetches its full record.
 */
export function FeedPage({ search }: { search: FeedSearch }) {
  const filterKey = JSON.stringify(filterOf(search));
  const filter = useMemo(() => JSON.parse(filterKey) as SpanFilter, [filterKey]);
  const show: FeedShow = search.show ?? 'spans';
  // The opened row (its summary); the ref lets the batch callback follow it without a render per batch.
  const [selected, setSelected] = useState<SpanSummary | null>(null);
  const selectedRef = useRef<SpanSummary | null>(null);
  const select = useCallback((span: SpanSummary | null) => { selectedRef.current = span; setSelected(span); }, []);
  // A new filter or view is a new feed: clear before the new subscriptions (layout effects run before effects).
  useLayoutEffect(() => { store.clear(); running.clear(); select(null); }, [filterKey, show, select]);
  const onSpans = useCallback((spans: SpanSummary[]) => {
    store.push(spanItems(placeFinished(store, running, spans)));
    // The opened row follows its span: the finished record replaces the in-progress one there too.
    const current = selectedRef.current;
    if (current) {
      const latest = latestRecord(current, spans);
      if (latest !== current) select(latest);
    }
  }, [select]);
  const onLogs = useCallback((logs: LogRecord[]) => store.push(logItems(logs)), []);
  useLiveSpanSummaries(show === 'logs' ? null : filter, onSpans);
  useLiveLogs(show === 'spans' ? null : filter, onLogs);

  const liveSnapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [paused, setPaused] = useState<RingSnapshot<FeedItem> | null>(null);
  const view = paused ?? liveSnapshot;
  // While paused the ring keeps filling; rows it has overwritten since drop off the bottom.
  const visibleCount = Math.max(0, view.total - Math.max(0, liveSnapshot.total - store.capacity));

  const navigate = useNavigate();
  const setSearch = (next: FeedSearch) => void navigate({ to: '/', search: next, replace: true });
  const noun = show === 'spans' ? 'spans' : show === 'logs' ? 'log records' : 'rows';

  return (
    <section className="page feed">
      <FeedFilterBar filter={filter} show={show}
        onFilter={(next) => setSearch(withFilter(search, next))}
        onShow={(next) => setSearch({ ...search, show: next === 'spans' ? undefined : next })} />
      <div className="toolbar">
        <button type="button" className="btn" data-testid="pause" onClick={() => setPaused(paused ? null : liveSnapshot)}>
          {paused ? 'resume' : 'pause'}
        </button>
        <span className="dim" data-testid="feed-count">{liveSnapshot.size.toLocaleString()} {noun}</span>
        {paused && liveSnapshot.total > paused.total && (
          <span className="pill" data-testid="new-while-paused">{(liveSnapshot.total - paused.total).toLocaleString()} new</span>
        )}
      </div>
      <div className="feed-body">
        <div className="feed-main">
          {show === 'logs' ? (
            <div className="row head feed-log-grid"><span /><span>time</span><span>service</span><span>severity</span><span>event / body</span></div>
          ) : (
            <div className="row head feed-grid">
              <span /><span>time</span><span>service</span><span>name</span><span className="num">duration</span><span>status</span>
              <span>gen_ai op</span><span>model</span><span className="num">tokens in→out</span><span className="num">cost</span>
            </div>
          )}
          {visibleCount === 0
            ? <div className="empty">waiting for {noun}{filterKey !== '{}' ? ' matching the filter' : ''}…</div>
            : <FeedList view={view} count={visibleCount} selectedKey={selected ? spanKey(selected) : null} onToggle={select} />}
        </div>
        {selected && <FeedSpanDetails key={spanKey(selected)} span={selected} onClose={() => select(null)} />}
      </div>
    </section>
  );
}

/** The virtualized rows, newest first; a reader scrolled down keeps their place while rows arrive on top. */
function FeedList({ view, count, selectedKey, onToggle }: {
  view: RingSnapshot<FeedItem>; count: number; selectedKey: string | null; onToggle: (span: SpanSummary | null) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const itemAt = (index: number) => view.at(view.total - 1 - index);
  const virtualizer = useVirtualizer({
    count, getScrollElement: () => scroller.current, estimateSize: () => feedRowHeightPx, overscan: 8,
    getItemKey: (index) => { const item = itemAt(index); return item ? feedItemKey(item) : index; },
  });
  const lastTotal = useRef(view.total);
  useLayoutEffect(() => {
    const prepended = view.total - lastTotal.current;
    lastTotal.current = view.total;
    const element = scroller.current;
    if (element && prepended > 0 && element.scrollTop > 0) element.scrollTop += prepended * feedRowHeightPx;
  }, [view.total]);
  return (
    <div ref={scroller} className="list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = itemAt(row.index);
          if (!item) return null;
          if (item.kind === 'log') return <FeedLogRow key={row.key} log={item.record} topPx={row.start} />;
          const span = item.record;
          const isSelected = spanKey(span) === selectedKey;
          return <SpanRow key={row.key} span={span} topPx={row.start} selected={isSelected} onToggle={() => onToggle(isSelected ? null : span)} />;
        })}
      </div>
    </div>
  );
}
