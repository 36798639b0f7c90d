import type { AttributeValue, ConversationMessage, MessagePart } from './hub-contract';

/** Text longer than this many characters or lines is folded behind an expander. */
export const foldChars = 700;
export const foldLines = 12;

export function shouldFold(text: string): boolean {
  if (text.length > foldChars) return true;
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10 && ++lines > foldLines) return true;
  return false;
}

/** The folded preview: the first lines up to the limits. */
export function foldedPreview(text: string): string {
  const lines = text.split('\n').slice(0, foldLines).join('\n');
  return lines.length > foldChars ? lines.slice(0, foldChars) : lines;
}

/**
 * Tool arguments and results pretty-printed: JSON (as a value, or as a string holding JSON, which
 * is how most instrumentations send them) indented by two; any other string as it is.
 */
export function prettyValue(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
}

export type PartView =
  | { kind: 'text'; text: string }
  | { kind: 'tool-call'; id: string | null; name: string; arguments: string }
  | { kind: 'tool-result'; id: string | null; response: string }
  | { kind: 'other'; type: string; json: string };

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** What a message part shows as: text, a tool call, a tool result, or any other type as JSON. */
export function partView(part: MessagePart): PartView {
  const fields = part as Record<string, AttributeValue | undefined>;
  switch (part.type) {
    case 'text':
      return { kind: 'text', text: typeof fields.content === 'string' ? fields.content : prettyValue(fields.content) };
    case 'tool_call':
      return { kind: 'tool-call', id: str(fields.id), name: str(fields.name) ?? '(unnamed tool)', arguments: prettyValue(fields.arguments) };
    case 'tool_call_response':
      return { kind: 'tool-result', id: str(fields.id), response: prettyValue(fields.response) };
    default: {
      const { type, ...rest } = fields;
      return { kind: 'other', type: String(type), json: JSON.stringify(rest, null, 2) };
    }
  }
}

/** The roles the chat knows; anything else is shown as it came. */
export function roleLabel(role: string): string {
  return role === 'system' || role === 'user' || role === 'assistant' || role === 'tool' ? role : role || 'message';
}

/** The ids of spans whose messages are shown, in first-seen order: lets the chat mark where each call starts. */
export function callStarts(messages: readonly ConversationMessage[]): Set<number> {
  const starts = new Set<number>();
  let previous: string | null | undefined;
  messages.forEach((message, index) => {
    if (index === 0 || message.spanId !== previous) starts.add(index);
    previous = message.spanId;
  });
  return starts;
}
