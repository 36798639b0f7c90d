import type { SpanRecord } from './hub-contract';

/** One model call or tool run in a turn. */
export interface TurnStep {
  spanId: string;
  name: string;
  kind: 'model' | 'tool' | 'agent';
  label: string;
  startTimeUnixNano: number;
  endTimeUnixNano: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  error: boolean;
}

/** One trace of the session: a turn of the conversation. */
export interface Turn {
  traceId: string;
  rootName: string;
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  inProgress: boolean;
  steps: TurnStep[];
  spanCount: number;
  errorCount: number;
  costUsd: number;
}

/** A point of the tokens-and-cost chart: running totals after each finished GenAI span, by end time. */
export interface UsagePoint {
  timeSeconds: number;
  tokens: number;
  costUsd: number;
}

export interface SessionStats {
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** GenAI spans with tokens but no known price ("Cost": never guessed). */
  unpricedSpans: number;
  errorCount: number;
  inProgressCount: number;
  firstStartUnixNano: number | null;
  /** The latest end (or start, for running spans) seen. */
  lastTimeUnixNano: number | null;
  serviceNames: string[];
  agents: [string, number][];
  tools: [string, number][];
  models: [string, number][];
  turns: Turn[];
  usage: UsagePoint[];
}

const modelOps = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);

function stepKind(span: SpanRecord): TurnStep['kind'] | null {
  const op = span.genAi?.operationName;
  if (!op) return null;
  if (op === 'execute_tool') return 'tool';
  if (op === 'invoke_agent' || op === 'create_agent') return 'agent';
  return modelOps.has(op) || span.genAi?.requestModel || span.genAi?.responseModel ? 'model' : null;
}

const counted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const bump = (map: Map<string, number>, key: string | null | undefined) => { if (key) map.set(key, (map.get(key) ?? 0) + 1); };

/**
 * Everything the session page shows, computed from the session's spans: the meters (sums over
 * finished spans, as the hub's session summary sums them), the turns with their model calls and
 * tools, the agents, tools and models used with counts, and the running totals for the chart.
 */
export function sessionStats(spans: readonly SpanRecord[]): SessionStats {
  let inputTokens = 0, outputTokens = 0, costUsd = 0, unpricedSpans = 0, errorCount = 0, inProgressCount = 0;
  let first: number | null = null, last: number | null = null;
  const agents = new Map<string, number>(), tools = new Map<string, number>(), models = new Map<string, number>();
  const services = new Set<string>();
  const byTrace = new Map<string, SpanRecord[]>();
  const finishedAi: SpanRecord[] = [];
  for (const span of spans) {
    services.add(span.serviceName);
    first = first === null ? span.startTimeUnixNano : Math.min(first, span.startTimeUnixNano);
    const end = span.endTimeUnixNano ?? span.startTimeUnixNano;
    last = last === null ? end : Math.max(last, end);
    if (span.status === 'error') errorCount++;
    const list = byTrace.get(span.traceId) ?? [];
    list.push(span);
    byTrace.set(span.traceId, list);
    if (span.inProgress) { inProgressCount++; continue; }
    const ai = span.genAi;
    if (!ai) continue;
    inputTokens += ai.inputTokens ?? 0;
    outputTokens += ai.outputTokens ?? 0;
    if (ai.costUsd != null) costUsd += ai.costUsd;
    else if ((ai.inputTokens ?? 0) > 0 || (ai.outputTokens ?? 0) > 0) unpricedSpans++;
    const kind = stepKind(span);
    if (kind === 'tool') bump(tools, ai.toolName ?? span.name);
    if (kind === 'agent') bump(agents, ai.agentName ?? span.name);
    else if (ai.agentName) bump(agents, ai.agentName);
    if (kind === 'model') bump(models, ai.responseModel ?? ai.requestModel);
    finishedAi.push(span);
  }
  const turns = [...byTrace].map(([traceId, list]) => buildTurn(traceId, list)).sort((a, b) => a.startTimeUnixNano - b.startTimeUnixNano);
  return {
    spanCount: spans.length, inputTokens, outputTokens, costUsd, unpricedSpans, errorCount, inProgressCount,
    firstStartUnixNano: first, lastTimeUnixNano: last, serviceNames: [...services].sort(),
    agents: counted(agents), tools: counted(tools), models: counted(models), turns, usage: usagePoints(finishedAi),
  };
}

function buildTurn(traceId: string, spans: SpanRecord[]): Turn {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => !s.parentSpanId) ?? spans.find((s) => !ids.has(s.parentSpanId ?? '')) ?? spans[0]!;
  const steps: TurnStep[] = [];
  let errorCount = 0, costUsd = 0, inProgress = false, start = Infinity, end = -Infinity;
  for (const span of spans) {
    start = Math.min(start, span.startTimeUnixNano);
    end = Math.max(end, span.endTimeUnixNano ?? span.startTimeUnixNano);
    if (span.status === 'error') errorCount++;
    if (span.inProgress) inProgress = true;
    costUsd += span.genAi?.costUsd ?? 0;
    const kind = stepKind(span);
    if (!kind || kind === 'agent') continue;
    const ai = span.genAi!;
    steps.push({
      spanId: span.spanId, name: span.name, kind,
      label: kind === 'tool' ? (ai.toolName ?? span.name) : (ai.responseModel ?? ai.requestModel ?? span.name),
      startTimeUnixNano: span.startTimeUnixNano, endTimeUnixNano: span.endTimeUnixNano,
      inputTokens: ai.inputTokens ?? 0, outputTokens: ai.outputTokens ?? 0, costUsd: ai.costUsd ?? null, error: span.status === 'error',
    });
  }
  steps.sort((a, b) => a.startTimeUnixNano - b.startTimeUnixNano);
  return { traceId, rootName: root.name, startTimeUnixNano: start, endTimeUnixNano: end, inProgress, steps, spanCount: spans.length, errorCount, costUsd };
}

function usagePoints(spans: SpanRecord[]): UsagePoint[] {
  const ordered = [...spans].sort((a, b) => (a.endTimeUnixNano ?? 0) - (b.endTimeUnixNano ?? 0));
  const points: UsagePoint[] = [];
  let tokens = 0, cost = 0;
  for (const span of ordered) {
    const ai = span.genAi!;
    const add = (ai.inputTokens ?? 0) + (ai.outputTokens ?? 0);
    if (add === 0 && ai.costUsd == null) continue;
    tokens += add;
    cost += ai.costUsd ?? 0;
    const timeSeconds = (span.endTimeUnixNano ?? span.startTimeUnixNano) / 1e9;
    const previous = points[points.length - 1];
    // uPlot needs strictly increasing x: spans ending in the same millisecond share one point.
    if (previous && timeSeconds - previous.timeSeconds < 0.001) { previous.tokens = tokens; previous.costUsd = cost; }
    else points.push({ timeSeconds, tokens, costUsd: cost });
  }
  return points;
}
