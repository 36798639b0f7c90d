import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newPage, screenshot, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import type { HubProcess } from './hub-process';
import { hexId, messagesJson, sendLogs, sendSpans } from './otlp';

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

const longPrompt = Array.from({ length: 30 }, (_, i) => `Rule ${i + 1}: answer travel questions briefly and cite the tool you used.`).join('\n');

/** One agent turn: a chat call that asks for a tool, the tool, and a chat call that answers. */
async function sendTurn(traceId: string, sessionId?: string) {
  const [root] = await sendSpans(hub.baseUrl, [{ traceId, name: 'invoke_agent travel', service: 'travel-agent', sessionId, durationMs: 2400, endAgoMs: 0 }]);
  const [call1, tool, call2] = await sendSpans(hub.baseUrl, [
    {
      traceId, parentSpanId: root!.spanId, name: 'chat gpt-4o', service: 'travel-agent', sessionId, durationMs: 900, endAgoMs: 1400,
      genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 812, outputTokens: 41 },
      attributes: {
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: longPrompt }]),
        'gen_ai.input.messages': messagesJson({ role: 'user', text: 'What is the weather in Paris tomorrow?' }),
        'gen_ai.output.messages': messagesJson({ role: 'assistant', toolCall: { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', day: 'tomorrow' } }, finishReason: 'tool_call' }),
      },
    },
    {
      traceId, parentSpanId: root!.spanId, name: 'execute_tool get_weather', service: 'travel-agent', sessionId, durationMs: 300, endAgoMs: 1000,
      genAi: { operation: 'execute_tool', model: '', inputTokens: 0, outputTokens: 0 },
      attributes: { 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.call.arguments': '{"city":"Paris","day":"tomorrow"}', 'gen_ai.tool.call.result': '{"forecast":"sunny","highC":21}' },
    },
    {
      traceId, parentSpanId: root!.spanId, name: 'chat gpt-4o', service: 'travel-agent', sessionId, durationMs: 800, endAgoMs: 100,
      genAi: { operation: 'chat', model: 'gpt-4o', inputTokens: 905, outputTokens: 38 },
      attributes: {
        'gen_ai.input.messages': messagesJson(
          { role: 'user', text: 'What is the weather in Paris tomorrow?' },
          { role: 'assistant', toolCall: { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris', day: 'tomorrow' } } },
          { role: 'tool', toolResult: { id: 'call_1', response: { forecast: 'sunny', highC: 21 } } },
        ),
        'gen_ai.output.messages': messagesJson({ role: 'assistant', text: 'Sunny in Paris tomorrow, up to 21°C.', finishReason: 'stop' }),
      },
    },
  ]);
  return { root: root!, call1: call1!, tool: tool!, call2: call2! };
}

const conversation = (page: Page) => page.locator('[data-testid="conversation"]');

describe('agent view: trace conversation', () => {
  it('trace_Conversation_RolesToolCallsFoldingAndSelectedSpanHighlighted', async () => {
    const traceId = hexId(16);
    const turn = await sendTurn(traceId);
    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    const messages = conversation(page).locator('[data-testid="message"]');
    await messages.nth(5).waitFor({ timeout: 15_000 });
    const roles = await messages.evaluateAll((list) => list.map((m) => m.getAttribute('data-role')));
    expect(roles).toContain('system');
    expect(roles).toContain('user');
    expect(roles).toContain('assistant');
    expect(roles).toContain('tool');

    // Tool calls: arguments pretty-printed (indented JSON), results beside them.
    const toolCall = conversation(page).locator('[data-testid="tool-call"]').first();
    expect(await toolCall.getAttribute('data-tool-name')).toBe('get_weather');
    expect(await toolCall.locator('pre').textContent()).toContain('\n  "city": "Paris"');
    expect(await conversation(page).locator('[data-testid="tool-result"]').first().textContent()).toContain('"forecast": "sunny"');

    // The long system prompt is folded until expanded.
    const system = conversation(page).locator('[data-testid="message"][data-role="system"]').first();
    expect(await system.textContent()).not.toContain('Rule 30');
    await system.locator('[data-testid="expand"]').click();
    expect(await system.textContent()).toContain('Rule 30');

    // Selecting a span highlights its messages and shows them in the details instead of raw attributes.
    await page.locator(`[data-testid="trace-span"][data-span-id="${turn.call2.spanId}"]`).click();
    await page.waitForSelector(`[data-testid="conversation"] [data-testid="message"].highlight[data-span-id="${turn.call2.spanId}"]`, { timeout: 5_000 });
    const highlighted = await conversation(page).locator('[data-testid="message"].highlight').evaluateAll((list) => list.map((m) => m.getAttribute('data-span-id')));
    expect(new Set(highlighted)).toEqual(new Set([turn.call2.spanId]));
    const details = page.locator('[data-testid="span-details"]');
    await details.locator('[data-testid="span-messages"] [data-testid="message"]').first().waitFor({ timeout: 5_000 });
    expect(await details.textContent()).not.toContain('gen_ai.input.messages');
    expect(await details.textContent()).toContain('Sunny in Paris tomorrow');
    await screenshot(page, 'trace-conversation');
  });

  it('trace_Live_ConversationGrowsAsSpansLand', async () => {
    const traceId = hexId(16);
    const [root] = await sendSpans(hub.baseUrl, [{ traceId, name: 'invoke_agent', service: 'live-agent', durationMs: 50 }]);
    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    await page.locator(`[data-testid="trace-span"][data-span-id="${root!.spanId}"]`).waitFor({ timeout: 15_000 });
    await waitForState(page, 'connected');
    expect(await conversation(page).locator('[data-testid="message"]').count()).toBe(0);
    await sendSpans(hub.baseUrl, [{
      traceId, parentSpanId: root!.spanId, name: 'chat', service: 'live-agent',
      genAi: { operation: 'chat', model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 5 },
      attributes: {
        'gen_ai.input.messages': messagesJson({ role: 'user', text: 'ping' }),
        'gen_ai.output.messages': messagesJson({ role: 'assistant', text: 'pong', finishReason: 'stop' }),
      },
    }]);
    await conversation(page).locator('[data-testid="message"][data-role="assistant"]:has-text("pong")').waitFor({ timeout: 15_000 });
  });
});

describe('agent view: logs', () => {
  it('trace_StoredLogs_RowsRightAfterTheirSpan', async () => {
    const traceId = hexId(16);
    const [root, child] = await sendSpans(hub.baseUrl, [
      { traceId, name: 'run', service: 'log-agent', durationMs: 500 },
      { traceId, name: 'step', service: 'log-agent', durationMs: 100 },
    ]);
    await sendLogs(hub.baseUrl, [
      { traceId, spanId: child!.spanId, service: 'log-agent', body: 'stdout: fetched 3 documents' },
      { traceId, spanId: child!.spanId, service: 'log-agent', body: 'stderr: retrying', severityNumber: 13, severityText: 'WARN' },
    ]);
    await page.goto(`${hub.baseUrl}/traces/${traceId}`);
    const logRows = page.locator('[data-testid="log-row"]');
    await logRows.nth(1).waitFor({ timeout: 15_000 });
    const order = await page.locator('[data-testid="trace-span"], [data-testid="log-row"]').evaluateAll((rows) =>
      rows.map((r) => (r.getAttribute('data-testid') === 'log-row' ? `log:${r.getAttribute('data-span-id')}` : `span:${r.getAttribute('data-span-id')}`)));
    // Rows are absolutely positioned; DOM order is row order. The child's logs follow the child.
    const childAt = order.indexOf(`span:${child!.spanId}`);
    expect(order[childAt + 1]).toBe(`log:${child!.spanId}`);
    expect(order[childAt + 2]).toBe(`log:${child!.spanId}`);
    expect(order).toContain(`span:${root!.spanId}`);
    const seqs = await logRows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    expect(seqs.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
    expect(await logRows.nth(1).textContent()).toContain('retrying');
  });
});
