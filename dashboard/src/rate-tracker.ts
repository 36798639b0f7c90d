/** Per-second span counts per service over a sliding window, for the services page's live rates. */
export class RateTracker {
  private readonly buckets = new Map<string, Map<number, number>>();

  constructor(readonly windowSeconds = 10) {}

  record(serviceName: string, nowMs: number, count = 1): void {
    const second = Math.floor(nowMs / 1000);
    let perSecond = this.buckets.get(serviceName);
    if (!perSecond) this.buckets.set(serviceName, (perSecond = new Map()));
    perSecond.set(second, (perSecond.get(second) ?? 0) + count);
  }

  /** Spans per second per service, averaged over the window of whole seconds before `nowMs`. */
  rates(nowMs: number): Map<string, number> {
    const current = Math.floor(nowMs / 1000);
    const oldest = current - this.windowSeconds;
    const result = new Map<string, number>();
    for (const [service, perSecond] of this.buckets) {
      let sum = 0;
      for (const [second, count] of perSecond) {
        if (second < oldest) perSecond.delete(second);
        else if (second < current) sum += count;
      }
      result.set(service, sum / this.windowSeconds);
    }
    return result;
  }
}
