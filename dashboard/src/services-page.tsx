import { useCallback, useMemo } from 'react';
import { queryPaths, type ServiceSummary, type SpanRecord } from './hub-contract';
import { formatAge, formatCount } from './format';
import { Link } from './link';
import { useLiveSpans } from './live';
import { useQuery } from './query-cache';
import { RateTracker } from './rate-tracker';
import { throttle } from './throttle';
import { useNowMs } from './use-now';

const everySpan = {};

/** Route `/services`: each service's totals from the query API and its live span rate. */
export function ServicesPage() {
  const { data, error, refetch } = useQuery<ServiceSummary[]>(queryPaths.services);
  const tracker = useMemo(() => new RateTracker(10), []);
  const refresh = useMemo(() => throttle(refetch, 2000), [refetch]);
  const onSpans = useCallback((spans: SpanRecord[]) => {
    const nowMs = Date.now();
    for (const span of spans) tracker.record(span.serviceName, nowMs);
    refresh.trigger();
  }, [tracker, refresh]);
  useLiveSpans(everySpan, onSpans);
  const nowMs = useNowMs(1000);
  const rates = tracker.rates(nowMs);
  const maxRate = Math.max(1, ...rates.values());
  return (
    <section className="page">
      <h1>Services {error && <span className="error-text">({error})</span>}</h1>
      <div className="table">
        <div className="row head services-grid">
          <span>service</span><span className="num">spans/s (10s)</span><span /><span className="num">stored spans</span><span>last seen</span>
        </div>
        {data?.length === 0 && <div className="empty">no services yet</div>}
        {data?.map((s) => {
          const rate = rates.get(s.serviceName) ?? 0;
          return (
            <Link key={s.serviceName} href={`/?serviceName=${encodeURIComponent(s.serviceName)}`} className="row static services-grid"
              data-testid="service-row" data-service-name={s.serviceName}>
              <span className="svc">{s.serviceName}</span>
              <span className="mono num" data-testid="service-rate">{rate.toFixed(1)}</span>
              <span className="bar-track"><span className="bar" style={{ width: `${(rate / maxRate) * 100}%` }} /></span>
              <span className="mono num">{formatCount(s.spanCount)}</span>
              <span className="dim">{formatAge(s.lastSeenUnixNano, nowMs)}</span>
            </Link>
          );
        })}
      </div>
    </section>
  );
}
