import { useEffect, useRef, useState } from 'react';
import type { ConversationMessage } from './hub-contract';
import { callStarts, foldedPreview, partView, roleLabel, shouldFold, type PartView } from './message-format';

/** Long text folded to its first lines, with an expander. */
function Folded({ text, className }: { text: string; className: string }) {
  const [open, setOpen] = useState(false);
  const fold = shouldFold(text);
  return (
    <>
      <pre className={className}>{fold && !open ? `${foldedPreview(text)}…` : text}</pre>
      {fold && (
        <button type="button" className="expander" data-testid="expand" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'show less' : `show all (${text.length.toLocaleString()} chars)`}
        </button>
      )}
    </>
  );
}

function Part({ part }: { part: PartView }) {
  switch (part.kind) {
    case 'text':
      return <Folded text={part.text} className="msg-text" />;
    case 'tool-call':
      return (
        <div className="tool-call" data-testid="tool-call" data-tool-name={part.name}>
          <div className="tool-head"><span className="tool-icon">ƒ</span> <b>{part.name}</b>{part.id && <span className="mono dim"> {part.id}</span>}</div>
          {part.arguments && <Folded text={part.arguments} className="tool-json" />}
        </div>
      );
    case 'tool-result':
      return (
        <div className="tool-result" data-testid="tool-result">
          <div className="tool-head dim">result{part.id && <span className="mono"> {part.id}</span>}</div>
          <Folded text={part.response} className="tool-json" />
        </div>
      );
    default:
      return <div className="msg-other"><span className="dim">{part.type}</span><Folded text={part.json} className="tool-json" /></div>;
  }
}

export function Message({ message, highlighted, onSelect }: {
  message: ConversationMessage; highlighted: boolean; onSelect?: (spanId: string) => void;
}) {
  const role = roleLabel(message.role);
  return (
    <article data-testid="message" data-role={message.role} data-span-id={message.spanId ?? undefined}
      className={`msg msg-${role}${highlighted ? ' highlight' : ''}`}
      onClick={(e) => {
        // Clicks on the expander or on selected text stay there.
        if ((e.target as HTMLElement).closest('button') || window.getSelection()?.toString()) return;
        if (message.spanId) onSelect?.(message.spanId);
      }}>
      <header className="msg-head">
        <span className="msg-role">{role}</span>
        {message.finishReason && <span className="dim"> · {message.finishReason}</span>}
        {message.source === 'log' && <span className="msg-source" title="from a log record">log</span>}
      </header>
      {message.parts.length === 0 && <div className="dim">(no content)</div>}
      {message.parts.map((part, i) => <Part key={i} part={partView(part)} />)}
    </article>
  );
}

/**
 * The messages as a chat: system, user, assistant and tool turns, tool calls with their arguments
 * and results. Messages of `highlightSpanId` are marked and scrolled into view when it changes.
 */
export function Conversation({ messages, highlightSpanId, onSelect, empty, spanNames }: {
  messages: readonly ConversationMessage[]; highlightSpanId: string | null; onSelect?: (spanId: string) => void; empty: string;
  /** Names of the calls, to label where each call's messages start. */
  spanNames?: ReadonlyMap<string, string>;
}) {
  const list = useRef<HTMLDivElement>(null);
  const starts = callStarts(messages);
  useEffect(() => {
    if (!highlightSpanId) return;
    list.current?.querySelector('.msg.highlight')?.scrollIntoView({ block: 'nearest' });
  }, [highlightSpanId]);
  if (messages.length === 0) return <div className="empty small">{empty}</div>;
  return (
    <div className="chat" ref={list}>
      {messages.map((message, i) => (
        <div key={i} className={starts.has(i) && i > 0 ? 'call-start' : undefined}>
          {starts.has(i) && message.spanId && spanNames?.get(message.spanId) && (
            <button type="button" className="call-label" onClick={() => onSelect?.(message.spanId!)}>{spanNames.get(message.spanId)}</button>
          )}
          <Message message={message} highlighted={!!highlightSpanId && message.spanId === highlightSpanId} onSelect={onSelect} />
        </div>
      ))}
    </div>
  );
}
