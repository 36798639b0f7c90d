import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, spanRow, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { hexId, sendSpans } from './otlp';

let hub: HubProcess;
let browser: Browser;
let page: Page;

// A short stale timeout, so a span started long enough ago is already stale when it arrives.
const timeoutSeconds = 30;

beforeAll(async () => {
  ({ hub, browser } = await startHubAndBrowser([`--Qyl:Streaming:InProgressTimeoutSeconds=${timeoutSeconds}`]));
});

afterAll(() => stopHubAndBrowser(hub, browser));

beforeEach(async () => {
  page = await newPage(browser);
});

afterEach(async () => {
  await page.close();
});

/** A Logfire-convention start marker for `spanId`: a zero-length child whose real parent is `parentId`. */
function marker(traceId: string, spanId: string, name: string, service: string, startedAgoMs: number) {
  return {
    traceId, parentSpanId: spanId, name, service, durationMs: 0, endAgoMs: startedAgoMs,
    attributes: { 'logfire.span_type': 'pending_span', 'logfire.pending_parent_id': '0000000000000000' },
  };
}

describe('in-progress spans', () => {
  it('feed_StartMarkerThenEnd_RunningTimerThenRealDuration', async () => {
    const service = `long-${hexId(3)}`;
    const traceId = hexId(16);
    const spanId = hexId(8);
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');

    await sendSpans(hub.baseUrl, [marker(traceId, spanId, 'chat long call', service, 2000)]);
    const row = spanRow(page, spanId);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-in-progress')).toBe('true');
    const elapsed = row.locator('[data-testid="elapsed"]');
    const first = await elapsed.textContent();
    await page.waitForFunction(
      ([id, before]) => document.querySelector(`[data-testid="span-row"][data-span-id="${id}"] [data-testid="elapsed"]`)?.textContent !== before,
      [spanId, first], { timeout: 10_000 });
    expect(await elapsed.getAttribute('data-stale')).toBeNull();
    await screenshot(page, 'in-progress-feed');

    await sendSpans(hub.baseUrl, [{ traceId, spanId, name: 'chat long call', service, durationMs: 4321 }]);
    await page.waitForSelector(`[data-testid="span-row"][data-span-id="${spanId}"]:not([data-in-progress])`, { timeout: 15_000 });
    expect(await row.textContent()).toContain('4.32s');
    expect(await page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`).count()).toBe(1);
  });

  it('feed_OpenedRunningRow_DetailsFollowToTheFinishedRecord', async () => {
    const service = `open-${hexId(3)}`;
    const traceId = hexId(16);
    const spanId = hexId(8);
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');

    await sendSpans(hub.baseUrl, [marker(traceId, spanId, 'chat opened while running', service, 2000)]);
    const row = spanRow(page, spanId);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('[data-testid="span-toggle"]').click();
    const details = page.locator(`[data-testid="span-details"][data-span-id="${spanId}"]:not([data-pending])`);
    await details.waitFor({ timeout: 15_000 });
    await details.locator('[data-testid="elapsed"]').waitFor({ timeout: 5_000 });

    // The finished record reaches the row as a summary; the opened details fetch its full record again.
    const refetched = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/traces/${traceId}` && r.ok(), { timeout: 15_000 });
    await sendSpans(hub.baseUrl, [{ traceId, spanId, name: 'chat opened while running', service, durationMs: 4321, attributes: { 'answer.id': 'final-42' } }]);
    await page.waitForSelector(`[data-testid="span-row"][data-span-id="${spanId}"]:not([data-in-progress])`, { timeout: 15_000 });
    await refetched;
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="span-details"][data-span-id="${id}"]`)?.textContent?.includes('final-42') === true,
      spanId, { timeout: 15_000 });
    expect(await details.textContent()).toContain('4.32s');
    expect(await details.locator('[data-testid="elapsed"]').count()).toBe(0);
    expect(await row.getAttribute('data-selected')).toBe('true');
  });

  it('waterfall_StartMarkerThenEnd_RunningRowThenRealDuration', async () => {
    const service = `wf-${hexId(3)}`;
    const traceId = hexId(16);
    const spanId = hexId(8);
    await sendSpans(hub.baseUrl, [marker(traceId, spanId, 'invoke_agent planner', service, 3000)]);

    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    const wfRow = page.locator(`[data-testid="trace-span"][data-span-id="${spanId}"]`);
    await wfRow.waitFor({ timeout: 15_000 });
    await waitForState(page, 'connected');
    expect(await wfRow.getAttribute('data-in-progress')).toBe('true');
    await wfRow.locator('[data-testid="elapsed"]').waitFor({ timeout: 5_000 });
    await screenshot(page, 'in-progress-waterfall');

    await sendSpans(hub.baseUrl, [{ traceId, spanId, name: 'invoke_agent planner', service, durationMs: 4321 }]);
    await page.waitForSelector(`[data-testid="trace-span"][data-span-id="${spanId}"]:not([data-in-progress])`, { timeout: 15_000 });
    expect(await wfRow.textContent()).toContain('4.32s');
  });

  it('feed_RunningPastTimeout_MarkedStaleNotDropped', async () => {
    const service = `stale-${hexId(3)}`;
    const traceId = hexId(16);
    const spanId = hexId(8);
    await page.goto(`${hub.baseUrl}/?serviceName=${service}`);
    await waitForState(page, 'connected');

    await sendSpans(hub.baseUrl, [marker(traceId, spanId, 'chat abandoned', service, (timeoutSeconds + 5) * 1000)]);
    const row = spanRow(page, spanId);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-in-progress')).toBe('true');
    await page.waitForSelector(`[data-testid="span-row"][data-span-id="${spanId}"] [data-testid="elapsed"][data-stale="true"]`, { timeout: 15_000 });
    await screenshot(page, 'in-progress-stale');
  });
});
