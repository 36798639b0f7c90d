import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { Conversation } from './conversation';
import { sessionMessagesQuery, spansOfQuery } from './queries';
import { SessionMeters, UsedList } from './session-meters';
import { sessionStats } from './session-stats';
import { SessionTimeline } from './session-timeline';
import { useLiveSession } from './use-live-trace';

// uPlot loads with the first session page, not with the live feed.
const UsageChart = lazy(() => import('./usage-chart'));

/**
 * Route `/sessions/{sessionId}`: live meters, the turns with their model calls and tools, tokens and
 * cost over time, agents and tools used, and the session's conversation (each message once).
 */
export function SessionPage({ sessionId }: { sessionId: string }) {
  useLiveSession(sessionId);
  const spans = useQuery(spansOfQuery({ sessionId }));
  const messages = useQuery(sessionMessagesQuery(sessionId));
  const stats = useMemo(() => sessionStats(spans.data ?? []), [spans.data]);
  const all = messages.data?.messages ?? [];
  return (
    <section className="page session">
      <h1>
        Session <span className="mono" data-testid="session-id">{sessionId}</span>
        {stats.serviceNames.length > 0 && <span className="svc"> · {stats.serviceNames.join(', ')}</span>}
        {spans.error && <span className="error-text"> ({spans.error.message})</span>}
      </h1>
      <SessionMeters stats={stats} />
      <div className="session-body">
        <div className="session-main">
          <h2 className="section">Tokens and cost over time</h2>
          <Suspense fallback={<div className="usage-chart" />}><UsageChart points={stats.usage} /></Suspense>
          <div className="used-row">
            <UsedList title="Agents" items={stats.agents} testId="session-agents" />
            <UsedList title="Tools" items={stats.tools} testId="session-tools" />
            <UsedList title="Models" items={stats.models} testId="session-models" />
          </div>
          <h2 className="section">Traces</h2>
          {spans.isPending ? <div className="empty small">loading…</div> : <SessionTimeline turns={stats.turns} />}
        </div>
        <aside className="convo-panel session-convo" data-testid="conversation">
          <h2>Conversation <span className="dim">{all.length > 0 ? `${all.length} messages` : ''}</span></h2>
          <Conversation messages={all} highlightSpanId={null} empty={messages.isPending ? 'loading…' : 'no GenAI messages in this session (yet)'} />
        </aside>
      </div>
    </section>
  );
}
