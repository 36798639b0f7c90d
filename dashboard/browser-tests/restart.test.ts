import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newPage, screenshot, spanRow, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { sendSpans } from './otlp';

let hub: HubProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ hub, browser } = await startHubAndBrowser());
  page = await newPage(browser);
});

afterAll(() => stopHubAndBrowser(hub, browser));

it('restart_HubRestartsOnSamePort_IndicatorRecoversAndNoSpanMissed', async () => {
  await page.goto(`${hub.baseUrl}/`);
  await waitForState(page, 'connected');
  const before = await sendSpans(hub.baseUrl, [{ name: 'before restart', service: 'restart' }]);
  await spanRow(page, before[0]!.spanId).waitFor({ timeout: 15_000 });

  await hub.stop();
  await page.waitForSelector('[data-testid="live-indicator"]:not([data-state="connected"])', { timeout: 15_000 });
  await screenshot(page, 'reconnecting');
  await hub.start();
  // Sent as soon as the hub is up, possibly before the dashboard reconnected: the resume cursor must fetch them.
  const after = await sendSpans(hub.baseUrl, [{ name: 'after restart 1', service: 'restart' }, { name: 'after restart 2', service: 'restart' }]);
  await waitForState(page, 'connected', 45_000);
  const later = await sendSpans(hub.baseUrl, [{ name: 'after reconnect', service: 'restart' }]);
  for (const span of [...before, ...after, ...later]) await spanRow(page, span.spanId).waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-testid="span-row"]').count()).toBe(4);
});

it('offline_RetriesExhausted_ShowsOfflineAndReconnectButtonResumes', async () => {
  await page.goto(`${hub.baseUrl}/?transport=websockets`);
  await waitForState(page, 'connected');
  const before = await sendSpans(hub.baseUrl, [{ name: 'before outage', service: 'offline' }]);
  await spanRow(page, before[0]!.spanId).waitFor({ timeout: 15_000 });

  await hub.stop();
  // The retry table (0, 1, 3, 7, 15 s plus jitter) runs out, then the dashboard says offline and stops trying.
  await waitForState(page, 'disconnected', 60_000);
  await page.waitForSelector('[data-testid="reconnect"]', { timeout: 5_000 });
  await screenshot(page, 'offline');

  await hub.start();
  const during = await sendSpans(hub.baseUrl, [{ name: 'while offline', service: 'offline' }]);
  await page.click('[data-testid="reconnect"]');
  await waitForState(page, 'connected', 30_000);
  await spanRow(page, during[0]!.spanId).waitFor({ timeout: 15_000 });
  await spanRow(page, before[0]!.spanId).waitFor({ timeout: 5_000 });
}, 150_000);
