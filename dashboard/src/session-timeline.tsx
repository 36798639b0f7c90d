import { Link } from '@tanstack/react-router';
import { keepTransport } from './app';
import { formatCost, formatCount, formatDuration, formatTime } from './format';
import type { Turn } from './session-stats';

/**
 * The session's traces (turns) in time order; each row shows its model calls and tools on a track
 * spanning the trace, and links to the trace page.
 */
export function SessionTimeline({ turns }: { turns: Turn[] }) {
  if (turns.length === 0) return <div className="empty small">no traces yet</div>;
  return (
    <div className="timeline" data-testid="session-timeline">
      {turns.map((turn, index) => {
        const range = Math.max(1, turn.endTimeUnixNano - turn.startTimeUnixNano);
        return (
          <Link key={turn.traceId} to="/traces/$traceId" params={{ traceId: turn.traceId }} search={keepTransport}
            className={`turn${turn.errorCount > 0 ? ' row-error' : ''}`} data-testid="session-turn" data-trace-id={turn.traceId}
            data-in-progress={turn.inProgress ? 'true' : undefined}>
            <div className="turn-head">
              <span className="turn-index mono dim">#{index + 1}</span>
              <span className="turn-name">{turn.rootName}</span>
              <span className="mono dim">{formatTime(turn.startTimeUnixNano)}</span>
              <span className={`mono${turn.inProgress ? ' running' : ' dim'}`}>{turn.inProgress ? 'running' : formatDuration((turn.endTimeUnixNano - turn.startTimeUnixNano) / 1e6)}</span>
              {turn.costUsd > 0 && <span className="mono cost">{formatCost(turn.costUsd)}</span>}
            </div>
            <div className="turn-track">
              {turn.steps.map((step) => {
                const end = step.endTimeUnixNano ?? turn.endTimeUnixNano;
                return (
                  <span key={step.spanId} className={`step step-${step.kind}${step.error ? ' step-error' : ''}`}
                    style={{ left: `${((step.startTimeUnixNano - turn.startTimeUnixNano) / range) * 100}%`, width: `max(3px, ${((end - step.startTimeUnixNano) / range) * 100}%)` }}
                    title={step.kind === 'model' ? `${step.name}: ${formatCount(step.inputTokens)}→${formatCount(step.outputTokens)} tokens ${formatCost(step.costUsd)}` : step.name} />
                );
              })}
            </div>
            <div className="turn-steps">
              {turn.steps.map((step) => (
                <span key={step.spanId} className={`chip chip-${step.kind}${step.error ? ' chip-error' : ''}`} data-testid={step.kind === 'tool' ? 'turn-tool' : 'turn-call'}>
                  {step.kind === 'tool' ? 'ƒ ' : ''}{step.label}
                  {step.kind === 'model' && <span className="dim"> {formatCount(step.inputTokens)}→{formatCount(step.outputTokens)}</span>}
                </span>
              ))}
            </div>
          </Link>
        );
      })}
    </div>
  );
}
