import { spanKey, type FeedItem } from './feed-item';
import type { SpanSummary } from './hub-contract';
import type { RingStore } from './ring-store';

/**
 * The feed's in-progress rows: a finished record whose span has an in-progress row replaces that row
 * in place (its timer becomes the real duration) instead of adding a second row. Returns the records
 * that are new rows. `running` holds the keys of in-progress rows the feed shows.
 */
export function placeFinished(store: RingStore<FeedItem>, running: Set<string>, spans: readonly SpanSummary[]): SpanSummary[] {
  const fresh: SpanSummary[] = [];
  for (const span of spans) {
    const key = spanKey(span);
    if (span.inProgress) {
      running.add(key);
    } else if (running.delete(key) && store.replaceLatest(
      (item) => item.kind === 'span' && item.record.inProgress === true && spanKey(item.record) === key,
      { kind: 'span', record: span })) {
      continue;
    }
    fresh.push(span);
  }
  return fresh;
}
