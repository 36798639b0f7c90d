import type { ReactNode } from 'react';
import { Message } from './conversation';
import { SpanDuration } from './elapsed';
import type { AttributeValue, ConversationMessage, SpanRecord } from './hub-contract';
import { formatCost, formatTime } from './format';

const show = (value: AttributeValue | undefined) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Attributes and events that carry messages ("GenAI conversations"): shown as messages, not as raw JSON. */
const messageAttributes = new Set([
  'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result',
]);
const messageEvents = new Set([
  'gen_ai.client.inference.operation.details', 'gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.assistant.message',
  'gen_ai.tool.message', 'gen_ai.choice',
]);

function Attributes({ title, values, hide }: { title: string; values: Record<string, AttributeValue> | null | undefined; hide?: Set<string> }) {
  const entries = Object.entries(values ?? {}).filter(([k]) => !hide?.has(k));
  if (entries.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <dl className="kv">
        {entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => (
          <div key={k}><dt title={k}>{k}</dt><dd className="mono">{show(v)}</dd></div>
        ))}
      </dl>
    </>
  );
}

/**
 * The selected span: status, GenAI block, its messages, attributes and events. `pending` says why only
 * part of it shows yet (the feed's summary while the full record loads); `actions` go in the header.
 */
export function SpanDetails({ span, messages, onClose, actions, pending }: {
  span: SpanRecord; messages: readonly ConversationMessage[]; onClose: () => void; actions?: ReactNode; pending?: string;
}) {
  const ai = span.genAi;
  const hasMessages = messages.length > 0;
  const events = (span.events ?? []).filter((e) => !hasMessages || !messageEvents.has(e.name));
  return (
    <aside className="details" data-testid="span-details" data-span-id={span.spanId} data-pending={pending ? 'true' : undefined}>
      <header>
        <h2 title={span.name}>{span.name}</h2>
        <span className="details-actions">
          {actions}
          <button type="button" className="btn ghost" data-testid="details-close" onClick={onClose}>×</button>
        </span>
      </header>
      {pending && <div className="dim details-pending" data-testid="details-pending">{pending}</div>}
      <dl className="kv split">
        <div><dt>status</dt><dd className={`status-${span.status}`}>{span.status}{span.statusMessage ? `: ${span.statusMessage}` : ''}</dd></div>
        <div><dt>service</dt><dd>{span.serviceName}</dd></div>
        <div><dt>kind</dt><dd>{span.kind}</dd></div>
        <div><dt>start</dt><dd className="mono">{formatTime(span.startTimeUnixNano)}</dd></div>
        <div><dt>duration</dt><dd className="mono"><SpanDuration span={span} /></dd></div>
        <div><dt>span id</dt><dd className="mono">{span.spanId}</dd></div>
        {span.parentSpanId && <div><dt>parent</dt><dd className="mono">{span.parentSpanId}</dd></div>}
        {span.sessionId && <div><dt>session</dt><dd className="mono">{span.sessionId}</dd></div>}
        {span.scopeName && <div><dt>scope</dt><dd>{span.scopeName}</dd></div>}
      </dl>
      {ai && (
        <>
          <h3>GenAI</h3>
          <dl className="kv split" data-testid="genai-details">
            <div><dt>operation</dt><dd>{ai.operationName}</dd></div>
            {ai.providerName && <div><dt>provider</dt><dd>{ai.providerName}</dd></div>}
            {ai.requestModel && <div><dt>request model</dt><dd>{ai.requestModel}</dd></div>}
            {ai.responseModel && <div><dt>response model</dt><dd>{ai.responseModel}</dd></div>}
            {ai.inputTokens != null && <div><dt>input tokens</dt><dd className="mono">{ai.inputTokens}</dd></div>}
            {ai.outputTokens != null && <div><dt>output tokens</dt><dd className="mono">{ai.outputTokens}</dd></div>}
            {ai.costUsd != null && <div><dt>cost</dt><dd className="mono" data-testid="span-cost">{formatCost(ai.costUsd)}</dd></div>}
            {ai.agentName && <div><dt>agent</dt><dd>{ai.agentName}</dd></div>}
            {ai.toolName && <div><dt>tool</dt><dd>{ai.toolName}</dd></div>}
          </dl>
        </>
      )}
      {hasMessages && (
        <>
          <h3>Messages</h3>
          <div className="chat compact" data-testid="span-messages">
            {messages.map((m, i) => <Message key={i} message={m} highlighted={false} />)}
          </div>
        </>
      )}
      <Attributes title="Attributes" values={span.attributes} hide={hasMessages ? messageAttributes : undefined} />
      {events.length > 0 && (
        <>
          <h3>Events</h3>
          <ul className="events">
            {events.map((e, i) => (
              <li key={i}><span className="mono dim">{formatTime(e.timeUnixNano)}</span> {e.name}
                {e.attributes && Object.keys(e.attributes).length > 0 && <span className="mono dim"> {JSON.stringify(e.attributes)}</span>}</li>
            ))}
          </ul>
        </>
      )}
      <Attributes title="Resource" values={span.resourceAttributes} />
    </aside>
  );
}
