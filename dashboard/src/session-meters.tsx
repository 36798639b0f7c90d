import { formatCost, formatCount, formatDuration } from './format';
import type { SessionStats } from './session-stats';
import { useNowMs } from './use-now';

/**
 * The header meters: tokens in/out, cost, errors, duration so far. They read the session's cached
 * spans, which live spans update, so they tick as spans land; the duration runs while calls do.
 */
export function SessionMeters({ stats, testIdPrefix = 'session' }: { stats: SessionStats; testIdPrefix?: string }) {
  const running = stats.inProgressCount > 0;
  const nowMs = useNowMs(running ? 500 : 60_000);
  const first = stats.firstStartUnixNano;
  const lastMs = stats.lastTimeUnixNano === null ? null : stats.lastTimeUnixNano / 1e6;
  const durationMs = first === null || lastMs === null ? null : (running ? Math.max(lastMs, nowMs) : lastMs) - first / 1e6;
  return (
    <div className="meters">
      <div className="meter" data-testid={`${testIdPrefix}-tokens`} data-input-tokens={stats.inputTokens} data-output-tokens={stats.outputTokens}>
        <span className="meter-label">tokens in → out</span>
        <span className="meter-value mono">{formatCount(stats.inputTokens)} → {formatCount(stats.outputTokens)}</span>
      </div>
      <div className="meter" data-testid={`${testIdPrefix}-cost`} data-cost-usd={stats.costUsd} data-unpriced-spans={stats.unpricedSpans}>
        <span className="meter-label">cost</span>
        <span className="meter-value mono cost">{formatCost(stats.costUsd)}</span>
        {stats.unpricedSpans > 0 && <span className="meter-note" title="GenAI spans with tokens but no known price">+{stats.unpricedSpans} unpriced</span>}
      </div>
      <div className="meter" data-testid={`${testIdPrefix}-errors`} data-errors={stats.errorCount}>
        <span className="meter-label">errors</span>
        <span className={`meter-value mono${stats.errorCount > 0 ? ' error-text' : ''}`}>{stats.errorCount}</span>
      </div>
      <div className="meter" data-testid={`${testIdPrefix}-duration`}>
        <span className="meter-label">{running ? 'running for' : 'duration'}</span>
        <span className={`meter-value mono${running ? ' running' : ''}`}>{durationMs === null ? '–' : formatDuration(durationMs)}</span>
        {running && <span className="meter-note">{stats.inProgressCount} in progress</span>}
      </div>
      <div className="meter">
        <span className="meter-label">traces · spans</span>
        <span className="meter-value mono">{stats.turns.length} · {formatCount(stats.spanCount)}</span>
      </div>
    </div>
  );
}

/** Agents, tools or models with how often each was used. */
export function UsedList({ title, items, testId }: { title: string; items: [string, number][]; testId: string }) {
  return (
    <div className="used" data-testid={testId}>
      <h3>{title}</h3>
      {items.length === 0 ? <span className="dim">none</span> : (
        <ul>
          {items.map(([name, count]) => (
            <li key={name} data-name={name} data-count={count}><span className="used-name">{name}</span><span className="mono dim">×{count}</span></li>
          ))}
        </ul>
      )}
    </div>
  );
}
