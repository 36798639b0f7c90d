import type { SpanRecord } from './hub-contract';

/**
 * The resume bookkeeping of one subscription: the highest seq delivered so far. Spans arrive in seq
 * order per subscription, so anything at or below the cursor is a duplicate (a replay after a
 * re-subscribe, or a second local subscription sharing the server group) and is dropped.
 */
export class ResumeCursor {
  private lastSeqValue: number | null;

  constructor(lastSeq: number | null = null) {
    this.lastSeqValue = lastSeq;
  }

  /** The seq to pass as resumeAfterSeq when (re)subscribing: null means live only. */
  get lastSeq(): number | null {
    return this.lastSeqValue;
  }

  /** Returns the spans not seen before, in order, and advances the cursor past them. */
  accept(spans: readonly SpanRecord[]): SpanRecord[] {
    const fresh: SpanRecord[] = [];
    for (const span of spans) {
      if (this.lastSeqValue !== null && span.seq <= this.lastSeqValue) continue;
      this.lastSeqValue = span.seq;
      fresh.push(span);
    }
    return fresh;
  }
}
