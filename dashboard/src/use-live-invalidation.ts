import { useCallback, useEffect, useMemo } from 'react';
import type { SpanFilter, SpanRecord } from './hub-contract';
import { useLiveSpans } from './live';
import { throttle } from './throttle';

/** Refetches a cached query when matching spans arrive, at most once per `intervalMs`. */
export function useLiveInvalidation(filter: SpanFilter, refetch: () => void, intervalMs = 1000): void {
  const throttled = useMemo(() => throttle(refetch, intervalMs), [refetch, intervalMs]);
  useEffect(() => () => throttled.cancel(), [throttled]);
  const onSpans = useCallback((_: SpanRecord[]) => throttled.trigger(), [throttled]);
  useLiveSpans(filter, onSpans);
}
