import { useQueryClient, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo } from 'react';
import { keepTransport } from './app';
import type { SpanRecord } from './hub-contract';
import { formatAge, formatCount } from './format';
import { useLiveSpans } from './live';
import { queryKeys, servicesQuery } from './queries';
import { RateTracker } from './rate-tracker';
import { throttle } from './throttle';
import { useNowMs } from './use-now';

const everySpan = {};

/** Route `/services`: each service's totals from the query API and its live span rate. */
export function ServicesPage() {
  const client = useQueryClient();
  const { data, error } = useQuery(servicesQuery());
  const tracker = useMemo(() => new RateTracker(10), []);
  const refresh = useMemo(() => throttle(() => void client.invalidateQueries({ queryKey: queryKeys.services }, { cancelRefetch: false }), 2000), [client]);
  useEffect(() => () => refresh.cancel(), [refresh]);
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
      <h1>Services {error && <span className="error-text">({error.message})</span>}</h1>
      <div className="table">
        <div className="row head services-grid">
          <span>service</span><span className="num">spans/s (10s)</span><span /><span className="num">stored spans</span><span>last seen</span>
        </div>
        {data?.length === 0 && <div className="empty">no services yet</div>}
        {data?.map((s) => {
          const rate = rates.get(s.serviceName) ?? 0;
          return (
            <Link key={s.serviceName} to="/services/$serviceName" params={{ serviceName: s.serviceName }} search={keepTransport}
              className="row static services-grid" data-testid="service-row" data-service-name={s.serviceName}>
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
