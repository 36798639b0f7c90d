import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import type { SpanFilter } from './hub-contract';
import { useLiveLogs, useLiveSpans } from './live';
import { throttle } from './throttle';

export interface LiveInvalidationOptions {
  /** Log records matching the filter invalidate too (the messages of a trace come from logs as well). */
  logs?: boolean;
  intervalMs?: number;
}

/**
 * Marks the cached queries under `queryKey` stale when matching spans (and, with `logs`, log records)
 * arrive, at most once per `intervalMs`; mounted ones refetch at once. A refetch already running is
 * left to finish rather than restarted, so a busy hub cannot starve the page of answers.
 */
export function useLiveInvalidation(filter: SpanFilter | null, queryKey: QueryKey, options: LiveInvalidationOptions = {}): void {
  const client = useQueryClient();
  const intervalMs = options.intervalMs ?? 1000;
  const keyJson = JSON.stringify(queryKey);
  const throttled = useMemo(
    () => throttle(() => void client.invalidateQueries({ queryKey: JSON.parse(keyJson) as QueryKey }, { cancelRefetch: false }), intervalMs),
    [client, keyJson, intervalMs],
  );
  useEffect(() => () => throttled.cancel(), [throttled]);
  const onRecords = useCallback(() => throttled.trigger(), [throttled]);
  useLiveSpans(filter, onRecords);
  useLiveLogs(options.logs ? filter : null, onRecords);
}
