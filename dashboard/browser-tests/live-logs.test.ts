import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, spanRow, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { hexId, sendLogs, sendSpans } from './otlp';

// Live log records through the hub's SubscribeLogs / Logs, on every transport.
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

const logRowWithText = (page: Page, text: string) => page.locator(`[data-testid="log-row"]:has-text("${text}")`);

describe('live logs', () => {
  for (const transport of ['websockets', 'sse', 'longpolling'] as const) {
    it(`feed_ShowLogs_${transport}_LogRecordsArriveLive`, async () => {
      const service = `logs-${transport}-${hexId(3)}`;
      await page.goto(`${hub.baseUrl}/?show=logs&serviceName=${service}&transport=${transport}`);
      await waitForState(page, 'connected');
      await sendLogs(hub.baseUrl, [{ service, body: `hello over ${transport}` }]);
      const row = logRowWithText(page, `hello over ${transport}`);
      await row.waitFor({ timeout: 15_000 });
      expect(Number(await row.getAttribute('data-seq'))).toBeGreaterThan(0);
      // Logs only: a span of the service is not shown.
      const [span] = await sendSpans(hub.baseUrl, [{ service, name: 'not in the logs view' }]);
      await sendLogs(hub.baseUrl, [{ service, body: 'after the span' }]);
      await logRowWithText(page, 'after the span').waitFor({ timeout: 15_000 });
      expect(await spanRow(page, span!.spanId).count()).toBe(0);
      if (transport === 'websockets') {
        await sendLogs(hub.baseUrl, [
          { service, body: 'GET /v1/orders 200 in 41 ms' },
          { service, body: 'slow tool response, 1.4 s', severityNumber: 13, severityText: 'WARN' },
          { service, eventName: 'gen_ai.user.message', body: 'Where is my order?' },
          { service, body: 'payment declined: card expired', severityNumber: 17, severityText: 'ERROR' },
        ]);
        await logRowWithText(page, 'card expired').waitFor({ timeout: 15_000 });
        await screenshot(page, 'feed-logs');
      }
    });
  }

  it('feed_ShowBoth_SpansAndLogsInterleavedAndSwitchKeptInUrl', async () => {
    const service = `both-${hexId(3)}`;
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');
    await page.click('[data-testid="feed-show"] [data-show="both"]');
    await page.waitForURL((url) => url.searchParams.get('show') === 'both' && url.searchParams.get('serviceName') === service, { timeout: 5_000 });
    await waitForState(page, 'connected');
    const [span] = await sendSpans(hub.baseUrl, [{ service, name: 'a span' }]);
    await spanRow(page, span!.spanId).waitFor({ timeout: 15_000 });
    await sendLogs(hub.baseUrl, [{ service, body: 'a log line' }]);
    await logRowWithText(page, 'a log line').waitFor({ timeout: 15_000 });
    // Newest first: the log arrived last.
    expect(await page.locator('.list [data-testid]').first().getAttribute('data-testid')).toBe('log-row');
  });

  it('trace_LiveLogsAndLogMessages_RowsAndConversationGrow', async () => {
    const traceId = hexId(16);
    const [call] = await sendSpans(hub.baseUrl, [{ traceId, name: 'chat', service: 'log-convo', genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 5, outputTokens: 5 } }]);
    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    await page.locator(`[data-testid="trace-span"][data-span-id="${call!.spanId}"]`).waitFor({ timeout: 15_000 });
    await waitForState(page, 'connected');
    // A runtime's stdout as a log of the span, and the older convention's message events as log records.
    await sendLogs(hub.baseUrl, [
      { traceId, spanId: call!.spanId, service: 'log-convo', body: 'stdout: thinking' },
      { traceId, spanId: call!.spanId, service: 'log-convo', eventName: 'gen_ai.user.message', body: 'from a log',
        attributes: { 'gen_ai.system': 'openai' } },
    ]);
    await logRowWithText(page, 'stdout: thinking').waitFor({ timeout: 15_000 });
    const order = await page.locator('[data-testid="trace-span"], [data-testid="log-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(order[0]).toBe('trace-span');
    expect(order.slice(1)).toEqual(['log-row', 'log-row']);
    await page.locator('[data-testid="conversation"] [data-testid="message"][data-role="user"]:has-text("from a log")').waitFor({ timeout: 15_000 });
  });
});
