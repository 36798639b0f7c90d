import { live, useLiveStatus } from './live';

const labels = { connected: 'live', reconnecting: 'reconnecting', disconnected: 'offline' } as const;

/** Header badge: green when live, amber while reconnecting, red and a reconnect button when offline. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <div className="live">
      <span data-testid="live-indicator" data-state={status.state} data-transport={status.transport}
        className={`live-indicator live-${status.state}`} title={status.transport ? `transport: ${status.transport}` : undefined}>
        <span className="dot" />
        {labels[status.state]}
        {status.transport && <span className="transport">{status.transport}</span>}
      </span>
      {status.state === 'disconnected' && (
        <button type="button" data-testid="reconnect" className="btn" onClick={() => void live.start()}>reconnect</button>
      )}
      {status.lastDropped && (
        <span className="dropped" data-testid="dropped-notice" title={`seq ${status.lastDropped.fromSeq}–${status.lastDropped.toSeq}`}>
          {status.lastDropped.count} spans dropped for this client; backfilled from the query API
        </span>
      )}
    </div>
  );
}
