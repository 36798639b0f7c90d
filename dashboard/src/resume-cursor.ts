/**
 * The resume bookkeeping of one subscription: the highest seq delivered so far. Records (spans or
 * logs) arrive in seq order per subscription, so anything at or below the cursor is a duplicate (a
 * replay after a re-subscribe, or a second local subscription sharing the server group) and is dropped.
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

  /** Returns the records not seen before, in order, and advances the cursor past them. */
  accept<T extends { seq: number }>(records: readonly T[]): T[] {
    const fresh: T[] = [];
    for (const record of records) {
      if (this.lastSeqValue !== null && record.seq <= this.lastSeqValue) continue;
      this.lastSeqValue = record.seq;
      fresh.push(record);
    }
    return fresh;
  }
}
