import type { AttributeValue, LogRecord } from './hub-contract';

/** A log body or attribute value as one line of text (strings as they are, the rest as JSON). */
export function valueText(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The severity to show: the record's text, else the OTLP range name of its number (1-4 TRACE … 21-24 FATAL). */
export function severityLabel(log: Pick<LogRecord, 'severityNumber' | 'severityText'>): string {
  if (log.severityText) return log.severityText;
  const n = log.severityNumber ?? 0;
  if (n <= 0) return '';
  return ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'][Math.min(5, Math.floor((n - 1) / 4))] ?? '';
}

/** CSS class of a severity: warn from 13, error from 17 (the OTLP ranges). */
export function severityClass(log: Pick<LogRecord, 'severityNumber'>): string {
  const n = log.severityNumber ?? 0;
  return n >= 17 ? 'sev-error' : n >= 13 ? 'sev-warn' : 'sev-info';
}

/** One line for a log row: the event name (if any) and the body. */
export function logSummary(log: Pick<LogRecord, 'eventName' | 'body'>): string {
  const body = valueText(log.body);
  if (log.eventName && body) return `${log.eventName}: ${body}`;
  return log.eventName ?? body;
}
