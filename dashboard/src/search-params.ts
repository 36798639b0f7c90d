/**
 * Query strings as plain `name=value` pairs. The router's default serializer writes values as
 * JSON (`?sessionId=%22123%22` for a numeric-looking id), which would break the contract's
 * `?serviceName=&sessionId=&traceId=&genAiOnly=true` bookmarks; these keep every value a string
 * on the way in and write strings and `true` as they are on the way out.
 */
export function parseSearch(search: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) if (!(name in result)) result[name] = value;
  return result;
}

/** The query string (with its `?`, or empty) for `search`; unset, empty and `false` values are left out. */
export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(name, typeof value === 'string' ? value : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A trimmed non-empty string from a search value, else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** What every route keeps in its query string: the forced transport (`?transport=`). */
export interface GlobalSearch {
  transport?: string;
}

export function globalSearch(raw: Record<string, unknown>): GlobalSearch {
  const transport = text(raw.transport);
  return transport ? { transport } : {};
}
