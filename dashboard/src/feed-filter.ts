import type { SpanFilter } from './hub-contract';
import { globalSearch, text, type GlobalSearch } from './search-params';

/** What the live feed shows: spans (the default), log records, or both interleaved. */
export type FeedShow = 'spans' | 'logs' | 'both';

/** The feed route's query string: the filter (`?serviceName=&sessionId=&traceId=&genAiOnly=true`), `?show=` and `?transport=`. */
export interface FeedSearch extends GlobalSearch {
  serviceName?: string;
  sessionId?: string;
  traceId?: string;
  genAiOnly?: boolean;
  show?: Exclude<FeedShow, 'spans'>;
}

/** Validates the feed's query string; unknown or empty values are dropped. */
export function feedSearch(raw: Record<string, unknown>): FeedSearch {
  const search: FeedSearch = globalSearch(raw);
  for (const field of ['serviceName', 'sessionId', 'traceId'] as const) {
    const value = text(raw[field]);
    if (value) search[field] = value;
  }
  if (raw.genAiOnly === true || raw.genAiOnly === 'true') search.genAiOnly = true;
  if (raw.show === 'logs' || raw.show === 'both') search.show = raw.show;
  return search;
}

/** The subscription filter a feed search stands for. */
export function filterOf(search: FeedSearch): SpanFilter {
  const filter: SpanFilter = {};
  if (search.serviceName) filter.serviceName = search.serviceName;
  if (search.sessionId) filter.sessionId = search.sessionId;
  if (search.traceId) filter.traceId = search.traceId;
  if (search.genAiOnly) filter.genAiOnly = true;
  return filter;
}

/** `search` with its filter replaced by `filter`, keeping `?show=` and `?transport=`. */
export function withFilter(search: FeedSearch, filter: SpanFilter): FeedSearch {
  return feedSearch({ transport: search.transport, show: search.show, ...filter });
}
