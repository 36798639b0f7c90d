import {
  HubConnection, HubConnectionBuilder, HubConnectionState, JsonHubProtocol, LogLevel, type ILogger,
} from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import {
  canonicalKey, clientMethods, hubMethods, hubPath, queryPaths, selectionOf, summaryOf,
  type DroppedNotice, type LogBatch, type LogPage, type LogRecord, type SpanBatch, type SpanFilter, type SpanPage,
  type SpanRecord, type SpanSummary, type SpanSummaryBatch,
} from './hub-contract';
import { apiKeys, type ApiKeyStore } from './api-key-store';
import { hubFetch, isUnauthorized } from './hub-fetch';
import { TableRetryPolicy, nextRetryDelayMs } from './reconnect-policy';
import { ResumeCursor } from './resume-cursor';
import { type TransportCandidate, type TransportName } from './transport-choice';

export type LiveState = 'connected' | 'reconnecting' | 'disconnected';

export interface LiveStatus {
  state: LiveState;
  transport: TransportName | '';
  lastDropped: DroppedNotice | null;
}

type SpansListener = (spans: SpanRecord[]) => void;
type SummariesListener = (spans: SpanSummary[]) => void;
type LogsListener = (logs: LogRecord[]) => void;

/**
 * A span subscription (`Subscribe` / `Spans`) of the full or the summary view (`filter.view`, part of
 * the key), or a log subscription (`SubscribeLogs` / `Logs`, full records only).
 */
type Subscription =
  | { kind: 'spans'; filter: SpanFilter; key: string; cursor: ResumeCursor; listener: SpansListener }
  | { kind: 'summaries'; filter: SpanFilter; key: string; cursor: ResumeCursor; listener: SummariesListener }
  | { kind: 'logs'; filter: SpanFilter; key: string; cursor: ResumeCursor; listener: LogsListener };

/**
 * The dashboard's one HubConnection. It owns the transport fallback, the reconnect policy and the
 * subscriptions: group membership does not survive a reconnect, so after every (re)connect each
 * subscription is sent again with the last seq it saw, and replayed duplicates are dropped by seq.
 */
export class LiveConnection {
  private hub: HubConnection | null = null;
  private readonly subscriptions = new Set<Subscription>();
  private status: LiveStatus = { state: 'reconnecting', transport: '', lastDropped: null };
  private readonly listeners = new Set<() => void>();
  private selectedTransport: TransportName | '' = '';
  private startGeneration = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly candidates: TransportCandidate[],
    private readonly keys: ApiKeyStore = apiKeys,
  ) {}

  subscribeStatus = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): LiveStatus => this.status;

  /** Starts (or, after "offline", restarts) the connection, trying each transport in order, retrying per the table. */
  async start(): Promise<void> {
    if (this.hub && this.hub.state !== HubConnectionState.Disconnected) return;
    const generation = ++this.startGeneration;
    this.setStatus({ state: 'reconnecting' });
    for (let attempt = 0; ; attempt++) {
      for (const candidate of this.candidates) {
        if (generation !== this.startGeneration) return;
        const hub = this.build(candidate);
        const sentKey = this.keys.key;
        try {
          await hub.start();
          this.hub = hub;
          // "connected" means subscribed: spans sent after the indicator turns green are delivered.
          await this.resubscribeAll();
          this.setStatus({ state: 'connected', transport: this.selectedTransport || candidate.name });
          return;
        } catch (error) {
          if (isUnauthorized(error)) {
            // Another transport or a retry would be refused the same way: wait for a key (start() again).
            this.keys.unauthorized(sentKey);
            this.setStatus({ state: 'disconnected', transport: '' });
            return;
          }
          // Try the next transport, then wait per the retry table.
        }
      }
      const delayMs = nextRetryDelayMs(attempt);
      if (delayMs === null) {
        this.setStatus({ state: 'disconnected', transport: '' });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  /** Follows live spans matching `filter`, full records; returns the function that stops following. */
  follow(filter: SpanFilter, listener: SpansListener): () => void {
    const full = selectionOf(filter);
    return this.add({ kind: 'spans', filter: full, key: canonicalKey(full), cursor: new ResumeCursor(), listener });
  }

  /**
   * Follows the summaries of live spans matching `filter` (`view: "summary"`): what a live list shows,
   * without attributes, events or messages; returns the function that stops following.
   */
  followSummaries(filter: SpanFilter, listener: SummariesListener): () => void {
    const summary: SpanFilter = { ...selectionOf(filter), view: 'summary' };
    return this.add({ kind: 'summaries', filter: summary, key: canonicalKey(summary), cursor: new ResumeCursor(), listener });
  }

  /** Follows live log records matching `filter` (hub `SubscribeLogs`); returns the function that stops following. */
  followLogs(filter: SpanFilter, listener: LogsListener): () => void {
    // Logs have one view: the hub refuses a summary log subscription.
    const selection = selectionOf(filter);
    return this.add({ kind: 'logs', filter: selection, key: canonicalKey(selection), cursor: new ResumeCursor(), listener });
  }

  private add(subscription: Subscription): () => void {
    this.subscriptions.add(subscription);
    if (this.hub?.state === HubConnectionState.Connected) void this.sendSubscribe(this.hub, subscription);
    return () => {
      this.subscriptions.delete(subscription);
      const stillUsed = [...this.subscriptions].some((s) => s.kind === subscription.kind && s.key === subscription.key);
      if (!stillUsed && this.hub?.state === HubConnectionState.Connected) {
        this.hub.invoke(hubMethods.unsubscribe, subscription.key).catch(() => undefined);
      }
    };
  }

  private build(candidate: TransportCandidate): HubConnection {
    let built: HubConnection | null = null;
    let sentKey: string | null = null;
    const logger: ILogger = {
      log: (level, message) => {
        // The client names the transport it picked only in its debug log; the last pick before "connected" is the one in use.
        const picked = /Selecting transport '(\w+)'/.exec(message)?.[1];
        if (picked) this.selectedTransport = picked === 'ServerSentEvents' ? 'sse' : (picked.toLowerCase() as TransportName);
        if (level >= LogLevel.Warning) console.warn(`[qyl] ${message}`);
        // A reconnect refused with 401 (the hub came back with another key) surfaces only here; retrying
        // cannot help, so stop and ask for the key. A first start's 401 is handled by start() itself.
        if (level >= LogLevel.Error && built !== null && this.hub === built && isUnauthorized(message)) {
          this.keys.unauthorized(sentKey);
          void built.stop();
        }
      },
    };
    const hub = new HubConnectionBuilder()
      // Read on every negotiate and (re)connect; SignalR sends it as a Bearer header, or as access_token
      // in the query string for WebSockets and SSE, which browsers cannot give headers. Empty: none sent.
      .withUrl(`${this.baseUrl}${hubPath}`, {
        transport: candidate.transport,
        accessTokenFactory: () => {
          sentKey = this.keys.key;
          return sentKey ?? '';
        },
      })
      .withHubProtocol(candidate.messagePack ? new MessagePackHubProtocol() : new JsonHubProtocol())
      .withAutomaticReconnect(new TableRetryPolicy())
      .configureLogging(logger)
      .build();
    built = hub;
    hub.on(clientMethods.spans, (batch: SpanBatch | SpanSummaryBatch) => this.onSpans(batch));
    hub.on(clientMethods.logs, (batch: LogBatch) => this.onLogs(batch));
    hub.on(clientMethods.dropped, (notice: DroppedNotice) => void this.onDropped(notice));
    hub.onreconnecting(() => this.setStatus({ state: 'reconnecting' }));
    hub.onreconnected(async () => {
      await this.resubscribeAll();
      this.setStatus({ state: 'connected', transport: this.selectedTransport || candidate.name });
    });
    hub.onclose(() => {
      if (this.hub === hub) this.setStatus({ state: 'disconnected', transport: '' });
    });
    return hub;
  }

  private onSpans(batch: SpanBatch | SpanSummaryBatch): void {
    for (const subscription of this.subscriptions) {
      if (subscription.kind === 'logs' || subscription.key !== batch.key) continue;
      const fresh = subscription.cursor.accept<SpanSummary>(batch.spans);
      if (fresh.length === 0) continue;
      // The key names the view: a full-view key's batches carry full records.
      if (subscription.kind === 'summaries') subscription.listener(fresh);
      else subscription.listener(fresh as SpanRecord[]);
    }
  }

  private onLogs(batch: LogBatch): void {
    for (const subscription of this.subscriptions) {
      if (subscription.kind !== 'logs' || subscription.key !== batch.key) continue;
      const fresh = subscription.cursor.accept(batch.logs);
      if (fresh.length > 0) subscription.listener(fresh);
    }
  }

  /** Shows the notice and fetches the dropped range from the query API, so nothing stored is lost. */
  private async onDropped(notice: DroppedNotice): Promise<void> {
    this.setStatus({ lastDropped: notice });
    for (const subscription of this.subscriptions) {
      if (subscription.key !== notice.key) continue;
      // The hub caps limit at 1000 (QueryParameters.MaxLimit); a larger range shows the notice and the first 1000.
      const params = new URLSearchParams({ afterSeq: String(notice.fromSeq - 1), limit: String(Math.min(notice.count, 1000)) });
      for (const [name, value] of Object.entries(selectionOf(subscription.filter))) if (value) params.set(name, String(value));
      const path = subscription.kind === 'logs' ? queryPaths.logs : queryPaths.spans;
      try {
        const response = await hubFetch(`${this.baseUrl}${path}?${params}`, { signal: AbortSignal.timeout(10_000) }, this.keys);
        if (!response.ok) continue;
        const inRange = <T extends { seq: number }>(records: T[]) => records.filter((r) => r.seq >= notice.fromSeq && r.seq <= notice.toSeq);
        if (subscription.kind === 'spans') {
          const missing = inRange(((await response.json()) as SpanPage).spans);
          if (missing.length > 0) subscription.listener(missing);
        } else if (subscription.kind === 'summaries') {
          // The query API answers full records; a summary listener is given what the live stream gives it.
          const missing = inRange(((await response.json()) as SpanPage).spans).map(summaryOf);
          if (missing.length > 0) subscription.listener(missing);
        } else {
          const missing = inRange(((await response.json()) as LogPage).logs);
          if (missing.length > 0) subscription.listener(missing);
        }
      } catch {
        // The notice stays visible; the live stream goes on.
      }
    }
  }

  private async resubscribeAll(): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    await Promise.all([...this.subscriptions].map((s) => this.sendSubscribe(hub, s)));
  }

  private async sendSubscribe(hub: HubConnection, subscription: Subscription): Promise<void> {
    try {
      const method = subscription.kind === 'logs' ? hubMethods.subscribeLogs : hubMethods.subscribe;
      const key = await hub.invoke<string>(method, subscription.filter, subscription.cursor.lastSeq);
      if (typeof key === 'string' && key.length > 0) subscription.key = key;
    } catch (error) {
      console.warn('[qyl] subscribe failed', error);
    }
  }

  private setStatus(change: Partial<LiveStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) listener();
  }
}
