import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, spanRow, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import { HubProcess } from './hub-process';
import { sendSpans } from './otlp';

// A hub started with Qyl:ApiKey: the dashboard asks for the key once per tab and then works as without one.
const apiKey = 'browser-test-key-7f3a';

let hub: HubProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ hub, browser } = await startHubAndBrowser([`--Qyl:ApiKey=${apiKey}`]));
});

afterAll(() => stopHubAndBrowser(hub, browser));

beforeEach(async () => {
  // A fresh context per test: sessionStorage starts empty.
  page = await newPage(browser);
});

afterEach(async () => {
  await page.close();
});

async function enterKey(key: string): Promise<void> {
  await page.fill('[data-testid="api-key-input"]', key);
  await page.press('[data-testid="api-key-input"]', 'Enter');
}

describe('api key', () => {
  it('feed_HubWithApiKey_AsksForKeyThenSpansArriveLive', async () => {
    await page.goto(`${hub.baseUrl}/?transport=websockets`);
    await page.waitForSelector('[data-testid="api-key-form"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="api-key-input"]', 'type')).toBe('password');
    expect(await page.locator('[data-testid="api-key-error"]').count()).toBe(0);
    await screenshot(page, 'api-key-form');

    await enterKey(apiKey);
    await waitForState(page, 'connected');
    const spans = await sendSpans(hub.baseUrl, [{ name: 'keyed span', service: 'keyed' }, { name: 'second', service: 'keyed' }], apiKey);
    for (const span of spans) await spanRow(page, span.spanId).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="api-key-form"]').count()).toBe(0);

    // A reload keeps the key (sessionStorage): no form, live again, new spans arrive.
    await page.reload();
    await waitForState(page, 'connected');
    expect(await page.locator('[data-testid="api-key-form"]').count()).toBe(0);
    const [after] = await sendSpans(hub.baseUrl, [{ name: 'after reload', service: 'keyed' }], apiKey);
    await spanRow(page, after!.spanId).waitFor({ timeout: 15_000 });

    // Other pages fetch the query API with it too.
    await page.goto(`${hub.baseUrl}/services`);
    await page.locator('[data-testid="service-row"][data-service-name="keyed"]').waitFor({ timeout: 15_000 });
  });

  for (const transport of ['sse', 'longpolling'] as const) {
    it(`feed_KeyEntered_${transport}_Connects`, async () => {
      await page.goto(`${hub.baseUrl}/?transport=${transport}`);
      await page.waitForSelector('[data-testid="api-key-form"]', { timeout: 30_000 });
      await enterKey(apiKey);
      await waitForState(page, 'connected');
      expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-transport')).toBe(transport);
      const [span] = await sendSpans(hub.baseUrl, [{ name: `over ${transport}`, service: 'keyed' }], apiKey);
      await spanRow(page, span!.spanId).waitFor({ timeout: 15_000 });
    });
  }

  it('form_WrongKey_ShowsErrorAndAsksAgain', async () => {
    await page.goto(`${hub.baseUrl}/`);
    await page.waitForSelector('[data-testid="api-key-form"]', { timeout: 30_000 });
    await enterKey('not-the-key');
    await page.waitForSelector('[data-testid="api-key-error"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="api-key-error"]')).toContain('refused');
    expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-state')).not.toBe('connected');
    await screenshot(page, 'api-key-refused');

    await enterKey(apiKey);
    await waitForState(page, 'connected');
    expect(await page.locator('[data-testid="api-key-error"]').count()).toBe(0);
  });
});

describe('api key rotation', () => {
  it('reconnect_HubBackWithAnotherKey_AsksAgainThenResumes', async () => {
    await page.goto(`${hub.baseUrl}/?transport=websockets`);
    await page.waitForSelector('[data-testid="api-key-form"]', { timeout: 30_000 });
    await enterKey(apiKey);
    await waitForState(page, 'connected');

    const rotated = `${apiKey}-rotated`;
    await hub.stop();
    hub = new HubProcess(hub.port, [`--Qyl:ApiKey=${rotated}`]);
    await hub.start();
    // The automatic reconnect is refused: the form says so instead of retrying until "offline".
    await page.waitForSelector('[data-testid="api-key-error"]', { timeout: 45_000 });
    await enterKey(rotated);
    await waitForState(page, 'connected');
    const [span] = await sendSpans(hub.baseUrl, [{ name: 'after rotation', service: 'keyed' }], rotated);
    await spanRow(page, span!.spanId).waitFor({ timeout: 15_000 });
  }, 120_000);
});
