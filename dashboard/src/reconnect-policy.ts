import type { IRetryPolicy, RetryContext } from '@microsoft/signalr';

/**
 * Delay before each reconnect attempt, in milliseconds (like SignalR's DefaultReconnectPolicy).
 * Its length is the number of retries: after the last one fails the client gives up and shows "offline".
 */
export const retryDelaysMs: readonly number[] = [0, 1_000, 3_000, 7_000, 15_000];

/** Up to this fraction of each delay is added at random so many dashboards do not reconnect in lockstep. */
export const retryJitterFraction = 0.25;

/** Milliseconds to wait before retry number `previousRetryCount` (0-based), or null to stop retrying. */
export function nextRetryDelayMs(previousRetryCount: number, random: () => number = Math.random): number | null {
  const baseMs = retryDelaysMs[previousRetryCount];
  if (baseMs === undefined) return null;
  return Math.round(baseMs + baseMs * retryJitterFraction * random());
}

/** The table above as a SignalR retry policy for withAutomaticReconnect. */
export class TableRetryPolicy implements IRetryPolicy {
  constructor(private readonly random: () => number = Math.random) {}

  nextRetryDelayInMilliseconds(context: RetryContext): number | null {
    return nextRetryDelayMs(context.previousRetryCount, this.random);
  }
}
