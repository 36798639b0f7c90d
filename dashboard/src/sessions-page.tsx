import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { keepTransport } from './app';
import { formatAge, formatCost, formatCount } from './format';
import { queryKeys, sessionsQuery } from './queries';
import { useNowMs } from './use-now';
import { useLiveInvalidation } from './use-live-invalidation';

const everySpan = {};

/** Route `/sessions`: sessions from the query API, refetched (throttled) as spans arrive. */
export function SessionsPage() {
  const { data, error, isPending } = useQuery(sessionsQuery());
  useLiveInvalidation(everySpan, queryKeys.sessions);
  const nowMs = useNowMs(1000);
  return (
    <section className="page">
      <h1>Sessions {error && <span className="error-text">({error.message})</span>}</h1>
      <div className="table">
        <div className="row head sessions-grid">
          <span>session</span><span>service</span><span className="num">spans</span><span className="num">traces</span>
          <span className="num">tokens in→out</span><span className="num">cost</span><span className="num">errors</span><span>last seen</span>
        </div>
        {isPending && <div className="empty">loading…</div>}
        {data?.length === 0 && <div className="empty">no sessions yet: spans with session.id or gen_ai.conversation.id show up here</div>}
        {data?.map((s) => (
          <Link key={s.sessionId} to="/sessions/$sessionId" params={{ sessionId: s.sessionId }} search={keepTransport}
            className="row static sessions-grid" data-testid="session-row" data-session-id={s.sessionId}>
            <span className="mono name" title={s.sessionId}>{s.sessionId}</span>
            <span className="svc">{s.serviceName}</span>
            <span className="mono num">{formatCount(s.spanCount)}</span>
            <span className="mono num">{formatCount(s.traceCount)}</span>
            <span className="mono num">{formatCount(s.inputTokens)}→{formatCount(s.outputTokens)}</span>
            <span className="mono num" data-testid="session-row-cost"
              title={s.unpricedSpans ? `${s.unpricedSpans} GenAI spans without a known price` : undefined}>
              {formatCost(s.costUsd)}{s.unpricedSpans ? '+' : ''}
            </span>
            <span className={`mono num ${s.errorCount > 0 ? 'error-text' : 'dim'}`}>{s.errorCount}</span>
            <span className="dim">{formatAge(s.lastSeenUnixNano, nowMs)}</span>
          </Link>
        ))}
      </div>
    </section>
  );
}
