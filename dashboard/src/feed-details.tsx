import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { keepTransport } from './app';
import type { SpanSummary } from './hub-contract';
import { queryKeys, traceMessagesQuery, traceQuery } from './queries';
import { NotFoundError } from './query-client';
import { SpanDetails } from './span-details';

/**
 * The opened feed row. The feed holds summaries; the full record (attributes, events, resource, status
 * message, scope, the GenAI provider, response model, agent and tool) and the span's messages are
 * fetched when the row is opened, through the trace page's cached queries (`GET /api/v1/traces/{traceId}`
 * and its messages), so opening the trace afterwards shows them at once. Until then the summary shows.
 */
export function FeedSpanDetails({ span, onClose }: { span: SpanSummary; onClose: () => void }) {
  const client = useQueryClient();
  const trace = useQuery(traceQuery(span.traceId));
  const messages = useQuery(traceMessagesQuery(span.traceId));
  const full = trace.data?.spans.find((s) => s.spanId === span.spanId);

  // The row moved on after the fetch (its finished record arrived), or the trace was not stored yet:
  // fetch again, once per record the row shows, so a trace that never has it cannot loop.
  const settled = !trace.isFetching && (trace.isSuccess || trace.error instanceof NotFoundError);
  const behind = settled && (!full || full.seq < span.seq);
  const refetchedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!behind || refetchedFor.current === span.seq) return;
    refetchedFor.current = span.seq;
    void client.invalidateQueries({ queryKey: queryKeys.trace(span.traceId) });
    void client.invalidateQueries({ queryKey: queryKeys.traceMessages(span.traceId) });
  }, [behind, client, span.seq, span.traceId]);

  const openTrace = (
    <Link to="/traces/$traceId" params={{ traceId: span.traceId }} search={(prev) => ({ ...keepTransport(prev), span: span.spanId })}
      className="btn ghost" data-testid="open-trace">open trace</Link>
  );
  if (full) {
    const mine = (messages.data?.messages ?? []).filter((m) => m.spanId === span.spanId);
    return <SpanDetails span={full} messages={mine} onClose={onClose} actions={openTrace} />;
  }
  const pending = trace.error && !(trace.error instanceof NotFoundError)
    ? `the full record could not be loaded: ${trace.error.message}`
    : settled && refetchedFor.current === span.seq ? 'the full record is not stored (yet)' : 'loading the full record…';
  return <SpanDetails span={span} messages={[]} onClose={onClose} actions={openTrace} pending={pending} />;
}
