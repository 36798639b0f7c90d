import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, spanRow, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { HubTraffic } from './hub-traffic';
import { hexId, sendSpans } from './otlp';

let hub: HubProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ hub, browser } = await startHubAndBrowser());
});

afterAll(() => stopHubAndBrowser(hub, browser));

beforeEach(async () => {
  page = await newPage(browser);
});

afterEach(async () => {
  await page.close();
});

describe('live feed', () => {
  for (const transport of ['websockets', 'sse', 'longpolling'] as const) {
    it(`feed_ForcedTransport_${transport}_ShowsNewSpans`, async () => {
      await page.goto(`${hub.baseUrl}/?transport=${transport}`);
      await waitForState(page, 'connected');
      expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-transport')).toBe(transport);
      const spans = await sendSpans(hub.baseUrl, [
        { name: 'GET /checkout', service: `shop-${transport}` },
        { name: 'chat gpt-4o', service: `shop-${transport}`, genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 1200, outputTokens: 340 } },
        { name: 'db query', service: `shop-${transport}`, error: true },
      ]);
      for (const span of spans) await spanRow(page, span.spanId).waitFor({ timeout: 15_000 });
      // Newest first: the last span sent is the top row.
      expect(await page.locator('[data-testid="span-row"]').first().getAttribute('data-span-id')).toBe(spans[2]!.spanId);
      if (transport === 'websockets') {
        await sendSpans(hub.baseUrl, Array.from({ length: 40 }, (_, i) => ({
          name: i % 3 === 0 ? 'chat claude' : `step ${i}`, service: ['planner', 'retriever', 'shop-web'][i % 3],
          genAi: i % 3 === 0 ? { operation: 'chat', model: 'claude-sonnet-4', inputTokens: 800 + i, outputTokens: 120 + i } : undefined,
          error: i % 11 === 0, durationMs: 3 + i * 7,
        })));
        await page.waitForTimeout(500);
        await screenshot(page, 'feed');
      }
    });
  }

  it('feed_FilterInUrl_OnlyMatchingSpans', async () => {
    const service = `filtered-${hexId(3)}`;
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');
    const [other] = await sendSpans(hub.baseUrl, [{ service: 'someone-else' }]);
    const [mine] = await sendSpans(hub.baseUrl, [{ service }]);
    await spanRow(page, mine!.spanId).waitFor({ timeout: 15_000 });
    expect(await spanRow(page, other!.spanId).count()).toBe(0);
  });

  it('feed_FilterChangedInUi_KeptInUrlAndResubscribed', async () => {
    const session = `sess-${hexId(3)}`;
    await page.goto(`${hub.baseUrl}/`);
    await waitForState(page, 'connected');
    await page.fill('[data-testid="filter-session"]', session);
    await page.press('[data-testid="filter-session"]', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('sessionId') === session, { timeout: 5_000 });
    await page.check('[data-testid="filter-genai"]');
    await page.waitForURL((url) => url.searchParams.get('genAiOnly') === 'true' && url.searchParams.get('sessionId') === session, { timeout: 5_000 });
    const [plain, ai, elsewhere] = await sendSpans(hub.baseUrl, [
      { sessionId: session, name: 'plain step' },
      { sessionId: session, name: 'chat', genAi: { operation: 'chat', model: 'm', inputTokens: 1, outputTokens: 2 } },
      { sessionId: 'other-session', name: 'chat', genAi: { operation: 'chat', model: 'm', inputTokens: 1, outputTokens: 2 } },
    ]);
    await spanRow(page, ai!.spanId).waitFor({ timeout: 15_000 });
    expect(await spanRow(page, plain!.spanId).count()).toBe(0);
    expect(await spanRow(page, elsewhere!.spanId).count()).toBe(0);
  });

  it('feed_Paused_KeepsArrivalsAndShowsThemOnResume', async () => {
    const service = `pause-${hexId(3)}`;
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');
    await page.click('[data-testid="pause"]');
    const [span] = await sendSpans(hub.baseUrl, [{ service }]);
    await page.waitForSelector('[data-testid="new-while-paused"]', { timeout: 15_000 });
    expect(await spanRow(page, span!.spanId).count()).toBe(0);
    await page.click('[data-testid="pause"]');
    await spanRow(page, span!.spanId).waitFor({ timeout: 5_000 });
  });
});

describe('live feed summary view', () => {
  for (const transport of ['websockets', 'sse', 'longpolling'] as const) {
    it(`feed_${transport}_SubscribesToSummariesAndOpenedRowFetchesFullRecord`, async () => {
      const service = `summary-${transport}-${hexId(3)}`;
      const name = `chat summary ${hexId(3)}`;
      const secret = `only-in-full-${hexId(6)}`;
      const traffic = await HubTraffic.record(page);
      await page.goto(`${hub.baseUrl}/?serviceName=${service}&transport=${transport}`);
      await waitForState(page, 'connected');
      expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-transport')).toBe(transport);
      const [span] = await sendSpans(hub.baseUrl, [{
        service, name, genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 1200, outputTokens: 340 }, attributes: { 'test.secret': secret },
      }]);
      const row = spanRow(page, span!.spanId);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('gpt-4o');

      // The batch that brought the row was seen on the wire; the hub keyed it (and answered Subscribe)
      // with the summary view's key, and it carried the span without its attributes.
      await traffic.waitForReceived(name);
      expect(traffic.sentContains('summary')).toBe(true);
      expect(traffic.receivedContains(`serviceName=${service}&view=summary`)).toBe(true);
      expect(traffic.receivedContains(secret)).toBe(false);

      // Opening the row fetches the full record from the query API and shows what only it has.
      const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/traces/${span!.traceId}` && r.ok(), { timeout: 15_000 });
      await row.locator('[data-testid="span-toggle"]').click();
      await fetched;
      const details = page.locator(`[data-testid="span-details"][data-span-id="${span!.spanId}"]:not([data-pending])`);
      await details.waitFor({ timeout: 15_000 });
      const text = await details.textContent();
      expect(text).toContain(secret);
      expect(text).toContain('openai');
      expect(text).toContain('checkpoint');
      expect(await row.getAttribute('data-selected')).toBe('true');
      // Fetched on demand, never streamed: the feed's subscription stays the summary one.
      expect(traffic.receivedContains(secret)).toBe(false);
      if (transport === 'websockets') await screenshot(page, 'feed-details');

      await page.click('[data-testid="details-close"]');
      await details.waitFor({ state: 'detached', timeout: 5_000 });
      expect(await row.getAttribute('data-selected')).toBeNull();
    });
  }
});

describe('sessions', () => {
  it('sessions_NewSessionSpans_RowAppearsLive', async () => {
    await page.goto(`${hub.baseUrl}/sessions`);
    await waitForState(page, 'connected');
    const session = `conv-${hexId(4)}`;
    await sendSpans(hub.baseUrl, [
      { sessionId: session, service: 'support-agent', name: 'invoke_agent', genAi: { operation: 'invoke_agent', model: 'gpt-4o', inputTokens: 5000, outputTokens: 900 } },
      { sessionId: session, service: 'support-agent', name: 'tool lookup', error: true },
    ]);
    await page.locator(`[data-testid="session-row"][data-session-id="${session}"]`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'sessions');
  });
});

describe('trace view', () => {
  it('trace_LiveChildSpan_AppearsInPlaceAndShowsDetails', async () => {
    const traceId = hexId(16);
    const [root] = await sendSpans(hub.baseUrl, [{ traceId, name: 'POST /chat', service: 'gateway', durationMs: 900 }]);
    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    await page.locator(`[data-testid="trace-span"][data-span-id="${root!.spanId}"]`).waitFor({ timeout: 15_000 });
    await waitForState(page, 'connected');
    const [child] = await sendSpans(hub.baseUrl, [{
      traceId, parentSpanId: root!.spanId, name: 'chat gpt-4o', service: 'agent', durationMs: 600,
      genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 2100, outputTokens: 450 },
    }]);
    const childRow = page.locator(`[data-testid="trace-span"][data-span-id="${child!.spanId}"]`);
    await childRow.waitFor({ timeout: 15_000 });
    const order = await page.locator('[data-testid="trace-span"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-span-id')));
    expect(order).toEqual([root!.spanId, child!.spanId]);
    await childRow.click();
    await page.waitForSelector('[data-testid="genai-details"]', { timeout: 5_000 });
    expect(await page.textContent('[data-testid="span-details"]')).toContain('gpt-4o');
    await screenshot(page, 'trace');
  });

  it('feed_RowClick_OpensTrace', async () => {
    await page.goto(`${hub.baseUrl}/`);
    await waitForState(page, 'connected');
    const [span] = await sendSpans(hub.baseUrl, [{ name: 'clickable' }]);
    await spanRow(page, span!.spanId).click();
    await page.waitForURL((url) => url.pathname === `/traces/${span!.traceId}`, { timeout: 5_000 });
    await page.locator(`[data-testid="trace-span"][data-span-id="${span!.spanId}"]`).waitFor({ timeout: 15_000 });
  });
});

describe('services and serving', () => {
  it('services_SpansArrive_RowWithRate', async () => {
    await page.goto(`${hub.baseUrl}/services`);
    await waitForState(page, 'connected');
    await sendSpans(hub.baseUrl, Array.from({ length: 30 }, (_, i) => ({ service: ['checkout', 'planner', 'retriever'][i % 3] })));
    await page.locator('[data-testid="service-row"][data-service-name="checkout"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    await screenshot(page, 'services');
  });

  it('nav_TransportParam_KeptAcrossPagesAndRowLinks', async () => {
    await page.goto(`${hub.baseUrl}/?transport=longpolling`);
    await waitForState(page, 'connected');
    await page.click('nav a:has-text("Sessions")');
    await page.waitForURL((url) => url.pathname === '/sessions' && url.searchParams.get('transport') === 'longpolling', { timeout: 5_000 });
    await page.click('nav a:has-text("Live")');
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('transport') === 'longpolling', { timeout: 5_000 });
    const [span] = await sendSpans(hub.baseUrl, [{ name: 'kept transport' }]);
    await spanRow(page, span!.spanId).click();
    await page.waitForURL((url) => url.pathname === `/traces/${span!.traceId}` && url.searchParams.get('transport') === 'longpolling'
      && url.searchParams.get('span') === span!.spanId, { timeout: 5_000 });
    // The row link selects its span in the trace's details.
    await page.waitForSelector('[data-testid="span-details"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-transport')).toBe('longpolling');
  });

  it('routing_TrailingSlash_SamePage', async () => {
    await page.goto(`${hub.baseUrl}/sessions/`);
    await page.waitForSelector('.sessions-grid', { timeout: 15_000 });
  });

  it('serving_ApiPaths_NotAnsweredWithIndexHtml', async () => {
    const unknownApi = await fetch(`${hub.baseUrl}/api/v1/nope`);
    expect(unknownApi.headers.get('content-type') ?? '').not.toContain('text/html');
    const deepLink = await fetch(`${hub.baseUrl}/traces/${hexId(16)}`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<div id="root">');
  });
});
