import { HttpTransportType } from '@microsoft/signalr';

export type TransportName = 'websockets' | 'sse' | 'longpolling';

/** One way to connect: a transport and whether MessagePack can ride on it (SSE carries text only). */
export interface TransportCandidate {
  name: TransportName;
  transport: HttpTransportType;
  messagePack: boolean;
}

const candidates: Record<TransportName, TransportCandidate> = {
  websockets: { name: 'websockets', transport: HttpTransportType.WebSockets, messagePack: true },
  sse: { name: 'sse', transport: HttpTransportType.ServerSentEvents, messagePack: false },
  longpolling: { name: 'longpolling', transport: HttpTransportType.LongPolling, messagePack: true },
};

/** The order the dashboard tries: WebSockets, then SSE, then long polling; `?transport=` forces one. */
export function transportCandidates(search: string): TransportCandidate[] {
  const forced = new URLSearchParams(search).get('transport')?.toLowerCase();
  if (forced && forced in candidates) return [candidates[forced as TransportName]];
  return [candidates.websockets, candidates.sse, candidates.longpolling];
}
