import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { hexId, messagesJson, sendSpans, type TestSpan } from './otlp';

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

/** One turn of a support session: the agent span, a priced model call, a tool, an answer. */
function turn(sessionId: string, question: string, answer: string, history: { role: string; text: string }[]): { spans: TestSpan[]; tokens: [number, number] } {
  const traceId = hexId(16);
  const rootId = hexId(8);
  const calls: [number, number] = [1500 + history.length * 200, 60];
  return {
    tokens: calls,
    spans: [
      { traceId, spanId: rootId, name: 'invoke_agent support', service: 'support-agent', sessionId, durationMs: 1200,
        genAi: { operation: 'invoke_agent', model: '', inputTokens: 0, outputTokens: 0 }, attributes: { 'gen_ai.agent.name': 'support' } },
      { traceId, parentSpanId: rootId, name: 'execute_tool lookup_order', service: 'support-agent', sessionId, durationMs: 200, endAgoMs: 900,
        genAi: { operation: 'execute_tool', model: '', inputTokens: 0, outputTokens: 0 }, attributes: { 'gen_ai.tool.name': 'lookup_order' } },
      { traceId, parentSpanId: rootId, name: 'chat gpt-4o', service: 'support-agent', sessionId, durationMs: 600, endAgoMs: 100,
        genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: calls[0], outputTokens: calls[1] },
        attributes: {
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.input.messages': messagesJson(...history, { role: 'user', text: question }),
          'gen_ai.output.messages': messagesJson({ role: 'assistant', text: answer, finishReason: 'stop' }),
        } },
    ],
  };
}

const meter = async (page: Page, testId: string, attribute: string) => Number(await page.getAttribute(`[data-testid="${testId}"]`, attribute));

/** A Logfire-convention start marker: the model call `spanId` has started and is still running. */
function marker(span: TestSpan, startedAgoMs: number): TestSpan {
  return {
    traceId: span.traceId, parentSpanId: span.spanId, name: span.name, service: span.service, sessionId: span.sessionId,
    durationMs: 0, endAgoMs: startedAgoMs,
    attributes: { 'logfire.span_type': 'pending_span', 'logfire.pending_parent_id': span.parentSpanId ?? '0000000000000000' },
  };
}

describe('session page', () => {
  for (const transport of ['websockets', 'sse', 'longpolling'] as const) {
  it(`session_${transport}_SpansLand_MetersTickRunningCallTicksConversationGrows`, async () => {
    const sessionId = `support-${transport}-${hexId(4)}`;
    const first = turn(sessionId, 'Where is my order 1234?', 'It ships tomorrow.', []);
    await sendSpans(hub.baseUrl, first.spans);
    await page.goto(`${hub.baseUrl}/sessions/${sessionId}?transport=${transport}`);
    await page.waitForSelector('[data-testid="session-turn"]', { timeout: 15_000 });
    await waitForState(page, 'connected');
    expect(new URL(page.url()).searchParams.get('transport')).toBe(transport);
    expect(await meter(page, 'session-tokens', 'data-input-tokens')).toBe(first.tokens[0]);
    expect(await meter(page, 'session-tokens', 'data-output-tokens')).toBe(first.tokens[1]);
    const costBefore = await meter(page, 'session-cost', 'data-cost-usd');
    expect(costBefore).toBeGreaterThan(0);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });

    // The second turn arrives while the page is open: meters, turns and conversation update with no reload.
    const second = turn(sessionId, 'Can I change the address?', 'Yes, I updated it.', [
      { role: 'user', text: 'Where is my order 1234?' }, { role: 'assistant', text: 'It ships tomorrow.' },
    ]);
    // Its model call starts first and runs: the page shows a running turn and a ticking duration.
    const chat = second.spans[2]!;
    chat.spanId ??= hexId(8);
    await sendSpans(hub.baseUrl, [marker(chat, 3000)]);
    await page.waitForSelector('[data-testid="session-turn"][data-in-progress="true"]', { timeout: 15_000 });
    const duration = page.locator('[data-testid="session-duration"] .meter-value');
    const before = await duration.textContent();
    await page.waitForFunction((text) => document.querySelector('[data-testid="session-duration"] .meter-value')?.textContent !== text, before, { timeout: 10_000 });
    expect(await page.textContent('[data-testid="session-duration"]')).toContain('1 in progress');
    if (transport === 'websockets') await screenshot(page, 'session-running');
    await sendSpans(hub.baseUrl, second.spans);
    const expectedInput = first.tokens[0] + second.tokens[0];
    await page.waitForSelector(`[data-testid="session-tokens"][data-input-tokens="${expectedInput}"]`, { timeout: 15_000 });
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="session-cost"]')?.getAttribute('data-cost-usd')) > before, costBefore, { timeout: 15_000 });
    expect(navigations).toEqual([]);
    expect(await page.locator('[data-testid="session-turn"]').count()).toBe(2);
    expect(await page.textContent('[data-testid="session-cost"]')).toMatch(/\$\d/);

    // The conversation shows each message once, though the second call re-sent the first turn.
    const convo = page.locator('[data-testid="conversation"] [data-testid="message"]');
    await convo.filter({ hasText: 'Yes, I updated it.' }).waitFor({ timeout: 15_000 });
    expect(await convo.filter({ hasText: 'Where is my order 1234?' }).count()).toBe(1);
    expect(await convo.evaluateAll((list) => list.map((m) => m.getAttribute('data-role')))).toEqual(['user', 'assistant', 'user', 'assistant']);

    // Agents and tools used, with counts.
    expect(await page.getAttribute('[data-testid="session-tools"] li[data-name="lookup_order"]', 'data-count')).toBe('2');
    expect(await page.locator('[data-testid="session-agents"] li[data-name="support"]').count()).toBe(1);
    await page.waitForSelector('[data-testid="usage-chart"][data-points="2"] canvas', { timeout: 15_000 });
    // The call's end replaced its start: nothing is left running.
    await page.waitForSelector('[data-testid="session-turn"][data-in-progress="true"]', { state: 'detached', timeout: 15_000 });
    expect(await page.textContent('[data-testid="session-duration"]')).not.toContain('in progress');
    if (transport === 'websockets') await screenshot(page, 'session');
  });
  }

  it('sessions_RowClick_OpensSessionPageWithCost', async () => {
    const sessionId = `listed-${hexId(4)}`;
    await sendSpans(hub.baseUrl, turn(sessionId, 'hi', 'hello', []).spans);
    await page.goto(`${hub.baseUrl}/sessions?transport=sse`);
    const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-testid="session-row-cost"]').textContent()).toMatch(/^\$\d/);
    await row.click();
    await page.waitForURL((url) => url.pathname === `/sessions/${sessionId}` && url.searchParams.get('transport') === 'sse', { timeout: 5_000 });
    await page.waitForSelector('[data-testid="session-tokens"][data-input-tokens="1500"]', { timeout: 15_000 });
  });
});

describe('service page', () => {
  it('service_SpansLand_MetersTickLive', async () => {
    const service = `svc-${hexId(3)}`;
    const chat = (inputTokens: number): TestSpan => ({ service, name: 'chat gpt-4o-mini', genAi: { operation: 'chat', model: 'gpt-4o-mini', inputTokens, outputTokens: 10 } });
    await sendSpans(hub.baseUrl, [chat(100), { service, name: 'db', error: true }]);
    await page.goto(`${hub.baseUrl}/services`);
    await page.locator(`[data-testid="service-row"][data-service-name="${service}"]`).click();
    await page.waitForURL((url) => url.pathname === `/services/${service}`, { timeout: 5_000 });
    await page.waitForSelector('[data-testid="service-tokens"][data-input-tokens="100"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-testid="service-errors"]', 'data-errors')).toBe('1');
    await waitForState(page, 'connected');
    await sendSpans(hub.baseUrl, [chat(250)]);
    await page.waitForSelector('[data-testid="service-tokens"][data-input-tokens="350"]', { timeout: 15_000 });
    expect(Number(await page.getAttribute('[data-testid="service-cost"]', 'data-cost-usd'))).toBeGreaterThan(0);
    await page.click('[data-testid="service-feed-link"]');
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('serviceName') === service, { timeout: 5_000 });
  });
});
