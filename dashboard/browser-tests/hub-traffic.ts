import type { Page } from 'playwright-core';

/**
 * What a page sent to and received from the hub connection (`/hubs/telemetry`), on whichever SignalR
 * transport it uses: WebSocket frames; for SSE, the POSTed invocations and the EventSource messages
 * (read over CDP: a streaming response has no body to read); for long polling, the POSTs and the poll
 * responses. Binary MessagePack is kept as latin1 text: its strings are plain UTF-8, so ASCII names,
 * keys and values can be searched for as they are.
 */
export class HubTraffic {
  readonly sent: string[] = [];
  readonly received: string[] = [];

  /** Starts recording `page`'s hub traffic; call before the page connects. */
  static async record(page: Page): Promise<HubTraffic> {
    const traffic = new HubTraffic();
    const text = (payload: string | Buffer) => (typeof payload === 'string' ? payload : payload.toString('latin1'));
    const isHub = (url: string) => new URL(url).pathname.startsWith('/hubs/telemetry');
    page.on('websocket', (socket) => {
      if (!isHub(socket.url())) return;
      socket.on('framesent', (frame) => traffic.sent.push(text(frame.payload)));
      socket.on('framereceived', (frame) => traffic.received.push(text(frame.payload)));
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!isHub(request.url()) || request.method() !== 'POST' || url.pathname.endsWith('/negotiate')) return;
      const body = request.postDataBuffer();
      if (body) traffic.sent.push(body.toString('latin1'));
    });
    page.on('response', (response) => {
      const request = response.request();
      const url = new URL(response.url());
      // Long polling's polls: GET with the connection id; the SSE stream's GET never completes and is read below.
      if (!isHub(response.url()) || request.method() !== 'GET' || !url.searchParams.has('id')) return;
      if ((response.headers()['content-type'] ?? '').includes('text/event-stream')) return;
      response.body().then((body) => traffic.received.push(body.toString('latin1')), () => undefined);
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.eventSourceMessageReceived', (event) => traffic.received.push(event.data));
    return traffic;
  }

  sentContains(needle: string): boolean {
    return this.sent.some((chunk) => chunk.includes(needle));
  }

  receivedContains(needle: string): boolean {
    return this.received.some((chunk) => chunk.includes(needle));
  }

  /** Waits until something received contains `needle` (a poll response is read after it is handed to the page). */
  async waitForReceived(needle: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.receivedContains(needle)) {
      if (Date.now() > deadline) throw new Error(`no hub message received containing ${JSON.stringify(needle)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
