import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useMemo } from 'react';
import { keepTransport } from './app';
import { formatAge, formatCost, formatCount } from './format';
import { queryKeys, serviceSessionsQuery, spansOfQuery } from './queries';
import { SessionMeters, UsedList } from './session-meters';
import { sessionStats } from './session-stats';
import { useLiveInvalidation } from './use-live-invalidation';
import { useLiveSpansOf } from './use-live-trace';
import { useNowMs } from './use-now';

const UsageChart = lazy(() => import('./usage-chart'));

/** Route `/services/{serviceName}`: the session page's meters and chart for one service, and its sessions. */
export function ServicePage({ serviceName }: { serviceName: string }) {
  useLiveSpansOf({ serviceName });
  const filter = useMemo(() => ({ serviceName }), [serviceName]);
  useLiveInvalidation(filter, queryKeys.sessions, { intervalMs: 2000 });
  const spans = useQuery(spansOfQuery({ serviceName }));
  const sessions = useQuery(serviceSessionsQuery(serviceName));
  const stats = useMemo(() => sessionStats(spans.data ?? []), [spans.data]);
  const nowMs = useNowMs(1000);
  return (
    <section className="page session">
      <h1>Service <span className="svc" data-testid="service-name">{serviceName}</span>
        {' '}<Link to="/" search={(prev) => ({ ...keepTransport(prev), serviceName })} className="btn ghost small-link" data-testid="service-feed-link">live feed</Link>
        {spans.error && <span className="error-text"> ({spans.error.message})</span>}</h1>
      <SessionMeters stats={stats} testIdPrefix="service" />
      <div className="session-main">
        <h2 className="section">Tokens and cost over time</h2>
        <Suspense fallback={<div className="usage-chart" />}><UsageChart points={stats.usage} /></Suspense>
        <div className="used-row">
          <UsedList title="Agents" items={stats.agents} testId="service-agents" />
          <UsedList title="Tools" items={stats.tools} testId="service-tools" />
          <UsedList title="Models" items={stats.models} testId="service-models" />
        </div>
        <h2 className="section">Sessions</h2>
        <div className="table">
          {sessions.data?.length === 0 && <div className="empty small">no sessions for this service</div>}
          {sessions.data?.map((s) => (
            <Link key={s.sessionId} to="/sessions/$sessionId" params={{ sessionId: s.sessionId }} search={keepTransport}
              className="row static service-sessions-grid" data-testid="session-row" data-session-id={s.sessionId}>
              <span className="mono name">{s.sessionId}</span>
              <span className="mono num">{formatCount(s.inputTokens)}→{formatCount(s.outputTokens)}</span>
              <span className="mono num cost">{formatCost(s.costUsd)}</span>
              <span className={`mono num ${s.errorCount > 0 ? 'error-text' : 'dim'}`}>{s.errorCount}</span>
              <span className="dim">{formatAge(s.lastSeenUnixNano, nowMs)}</span>
            </Link>
          ))}
        </div>
      </div>
    </section>
  );
}
