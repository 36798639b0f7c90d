import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { filterFromSearch, searchWithFilter } from './feed-filter';
import type { SpanFilter, SpanRecord } from './hub-contract';
import { useLiveSpans } from './live';
import { RingStore, type RingSnapshot } from './ring-store';
import { navigate } from './router';
import { SpanRow, spanRowHeightPx } from './span-row';
import { VirtualList } from './virtual-list';

/** How many of the newest spans the feed keeps. */
export const feedCapacity = 100_000;

const store = new RingStore<SpanRecord>(feedCapacity);

/** Route `/`: every new span, newest first, filtered by the URL's query string. */
export function FeedPage({ search }: { search: string }) {
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const filterKey = JSON.stringify(filter);
  // A new filter is a new feed: clear before the new subscription (layout effects run before effects).
  useLayoutEffect(() => store.clear(), [filterKey]);
  const onSpans = useCallback((spans: SpanRecord[]) => store.push(spans), []);
  useLiveSpans(filter, onSpans);

  const liveSnapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [paused, setPaused] = useState<RingSnapshot<SpanRecord> | null>(null);
  const view = paused ?? liveSnapshot;
  // While paused the ring keeps filling; rows it has overwritten since drop off the bottom.
  const visibleCount = Math.max(0, view.total - Math.max(0, liveSnapshot.total - store.capacity));
  const lastTotal = useRef(view.total);
  const prepended = view.total - lastTotal.current;
  lastTotal.current = view.total;

  const setFilter = (next: SpanFilter) => navigate(`/${searchWithFilter(window.location.search, next)}`, 'replace');

  return (
    <section className="page feed">
      <FilterBar filter={filter} onChange={setFilter} />
      <div className="toolbar">
        <button type="button" className="btn" data-testid="pause" onClick={() => setPaused(paused ? null : liveSnapshot)}>
          {paused ? 'resume' : 'pause'}
        </button>
        <span className="dim" data-testid="feed-count">{liveSnapshot.size.toLocaleString()} {liveSnapshot.size === 1 ? 'span' : 'spans'}</span>
        {paused && liveSnapshot.total > paused.total && (
          <span className="pill" data-testid="new-while-paused">{(liveSnapshot.total - paused.total).toLocaleString()} new</span>
        )}
      </div>
      <div className="row head feed-grid">
        <span>time</span><span>service</span><span>name</span><span className="num">duration</span><span>status</span>
        <span>gen_ai op</span><span>model</span><span className="num">tokens in→out</span>
      </div>
      {visibleCount === 0 ? <div className="empty">waiting for spans{filterKey !== '{}' ? ' matching the filter' : ''}…</div> : (
        <VirtualList className="list" count={visibleCount} rowHeightPx={spanRowHeightPx} prependedSinceLast={prepended}
          renderRow={(i, topPx) => {
            const span = view.at(view.total - 1 - i);
            return span ? <SpanRow key={`${span.seq}`} span={span} topPx={topPx} /> : null;
          }} />
      )}
    </section>
  );
}

function FilterBar({ filter, onChange }: { filter: SpanFilter; onChange: (next: SpanFilter) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    onChange({ serviceName: text('serviceName'), sessionId: text('sessionId'), traceId: text('traceId'), genAiOnly: filter.genAiOnly });
  };
  return (
    <form className="filters" onSubmit={submit} key={JSON.stringify(filter)} data-testid="filters">
      <input name="serviceName" placeholder="service" defaultValue={filter.serviceName ?? ''} data-testid="filter-service" />
      <input name="sessionId" placeholder="session" defaultValue={filter.sessionId ?? ''} data-testid="filter-session" />
      <input name="traceId" placeholder="trace id" defaultValue={filter.traceId ?? ''} data-testid="filter-trace" />
      <label className="check">
        <input type="checkbox" checked={filter.genAiOnly === true} data-testid="filter-genai"
          onChange={(e) => onChange({ ...filter, genAiOnly: e.currentTarget.checked || undefined })} />
        GenAI only
      </label>
      <button type="submit" className="btn">apply</button>
      {JSON.stringify(filter) !== '{}' && <button type="button" className="btn ghost" onClick={() => onChange({})}>clear</button>}
    </form>
  );
}
