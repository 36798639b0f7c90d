import type { SpanFilter } from './hub-contract';

const textFields = ['serviceName', 'sessionId', 'traceId'] as const;

/** Reads the feed filter from a query string (?serviceName=&sessionId=&traceId=&genAiOnly=true). */
export function filterFromSearch(search: string): SpanFilter {
  const params = new URLSearchParams(search);
  const filter: SpanFilter = {};
  for (const field of textFields) {
    const value = params.get(field)?.trim();
    if (value) filter[field] = value;
  }
  if (params.get('genAiOnly') === 'true') filter.genAiOnly = true;
  return filter;
}

/** Writes `filter` into `search`, keeping unrelated parameters such as ?transport=. */
export function searchWithFilter(search: string, filter: SpanFilter): string {
  const params = new URLSearchParams(search);
  for (const field of textFields) {
    const value = filter[field]?.trim();
    if (value) params.set(field, value);
    else params.delete(field);
  }
  if (filter.genAiOnly) params.set('genAiOnly', 'true');
  else params.delete('genAiOnly');
  const text = params.toString();
  return text ? `?${text}` : '';
}
