/** Schedules a callback before the next paint; injectable so tests can flush by hand. */
export type FrameScheduler = (callback: () => void) => void;

export const animationFrameScheduler: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/** What a reader sees: immutable per version, so useSyncExternalStore can compare by identity. */
export interface RingSnapshot<T> {
  readonly version: number;
  /** Items ever flushed into the ring (absolute count; the newest has index total - 1). */
  readonly total: number;
  /** Items still held: min(total, capacity). */
  readonly size: number;
  /** The item with absolute index `absoluteIndex`, or undefined once it was overwritten. */
  at(absoluteIndex: number): T | undefined;
}

/**
 * A fixed-capacity ring of the newest items. Writers push as often as messages arrive; readers are
 * notified at most once per animation frame, so a burst of thousands of spans costs one render.
 */
export class RingStore<T> {
  private readonly items: (T | undefined)[];
  private total = 0;
  private version = 0;
  private pending: T[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private snapshot: RingSnapshot<T>;

  constructor(readonly capacity: number, private readonly schedule: FrameScheduler = animationFrameScheduler) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
    this.snapshot = this.makeSnapshot();
  }

  push(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) this.pending.push(item);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => this.flush());
    }
  }

  /** Moves pending items into the ring and notifies readers once. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Only the newest `capacity` items of a huge burst can survive; skip the rest.
    const start = Math.max(0, batch.length - this.capacity);
    this.total += start;
    for (let i = start; i < batch.length; i++) {
      this.items[this.total % this.capacity] = batch[i];
      this.total++;
    }
    this.publish();
  }

  /**
   * Replaces the newest item (pending or held) that `match` accepts with `next`, in place, and notifies
   * readers; false when no held item matches. For a record that supersedes an earlier one (a span's
   * finished record after its in-progress one), so the row changes instead of a second row appearing.
   */
  replaceLatest(match: (item: T) => boolean, next: T): boolean {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (match(this.pending[i]!)) {
        this.pending[i] = next;
        return true;
      }
    }
    const oldest = Math.max(0, this.total - this.capacity);
    for (let i = this.total - 1; i >= oldest; i--) {
      if (match(this.items[i % this.capacity]!)) {
        this.items[i % this.capacity] = next;
        this.publish();
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.pending = [];
    this.items.fill(undefined);
    this.total = 0;
    this.publish();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RingSnapshot<T> => this.snapshot;

  private publish(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private makeSnapshot(): RingSnapshot<T> {
    const total = this.total;
    const capacity = this.capacity;
    const items = this.items;
    const store = this;
    return {
      version: this.version,
      total,
      size: Math.min(total, capacity),
      at(absoluteIndex: number) {
        // Reads through to the live ring: an index the writer has since overwritten is gone.
        if (absoluteIndex < 0 || absoluteIndex >= total || absoluteIndex < store.total - capacity) return undefined;
        return items[absoluteIndex % capacity];
      },
    };
  }
}
