import type { FormEvent } from 'react';
import type { FeedShow } from './feed-filter';
import type { SpanFilter } from './hub-contract';

const shows: { value: FeedShow; label: string }[] = [
  { value: 'spans', label: 'spans' }, { value: 'logs', label: 'logs' }, { value: 'both', label: 'both' },
];

/** The feed's filter form and its spans / logs / both switch; both write the URL. */
export function FeedFilterBar({ filter, show, onFilter, onShow }: {
  filter: SpanFilter; show: FeedShow; onFilter: (next: SpanFilter) => void; onShow: (next: FeedShow) => void;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    onFilter({ serviceName: text('serviceName'), sessionId: text('sessionId'), traceId: text('traceId'), genAiOnly: filter.genAiOnly });
  };
  return (
    <form className="filters" onSubmit={submit} key={JSON.stringify(filter)} data-testid="filters">
      <div className="segmented" role="radiogroup" aria-label="show" data-testid="feed-show">
        {shows.map((s) => (
          <button key={s.value} type="button" role="radio" aria-checked={show === s.value} data-show={s.value}
            className={`seg${show === s.value ? ' on' : ''}`} onClick={() => onShow(s.value)}>{s.label}</button>
        ))}
      </div>
      <input name="serviceName" placeholder="service" defaultValue={filter.serviceName ?? ''} data-testid="filter-service" />
      <input name="sessionId" placeholder="session" defaultValue={filter.sessionId ?? ''} data-testid="filter-session" />
      <input name="traceId" placeholder="trace id" defaultValue={filter.traceId ?? ''} data-testid="filter-trace" />
      <label className="check">
        <input type="checkbox" checked={filter.genAiOnly === true} data-testid="filter-genai"
          onChange={(e) => onFilter({ ...filter, genAiOnly: e.currentTarget.checked || undefined })} />
        GenAI only
      </label>
      <button type="submit" className="btn">apply</button>
      {JSON.stringify(filter) !== '{}' && <button type="button" className="btn ghost" onClick={() => onFilter({})}>clear</button>}
    </form>
  );
}
