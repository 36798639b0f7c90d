import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSummary, SpanPage } from '../src/hub-contract';
import { newPage, screenshot, startHubAndBrowser, stopHubAndBrowser, waitForState } from './browser';
import { repoRoot, type HubProcess } from './hub-process';

// The session page while the real `qyl demo` sends to the hub: a busy session's tokens, cost and
// conversation climb, and a long model call's session shows it running, on every transport.

let hub: HubProcess;
let browser: Browser;
let page: Page;
let demo: ChildProcess;
let demoOutput = '';

beforeAll(async () => {
  ({ hub, browser } = await startHubAndBrowser());
  // Eight sessions at 20 spans/s (the demo's defaults): each gets a turn every ~3 s and lives ~15 s, so a
  // session found with one turn still has turns to come once the page is open (at higher rates it
  // could finish while a loaded box opens the page); a long call starts at once and every 6 s.
  demo = spawn('dotnet', [join(repoRoot, 'Qyl.Cli', 'bin', 'Release', 'net10.0', 'Qyl.Cli.dll'), 'demo',
    '--otlp-url', hub.baseUrl, '--duration', '0', '--sessions', '8', '--rate', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout?.on('data', (chunk: Buffer) => { demoOutput += chunk.toString(); });
  demo.stderr?.on('data', (chunk: Buffer) => { demoOutput += chunk.toString(); });
}, 60_000);

afterAll(async () => {
  demo?.kill('SIGINT');
  await stopHubAndBrowser(hub, browser);
});

beforeEach(async () => {
  page = await newPage(browser);
});

afterEach(async () => {
  await page.close();
});

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${hub.baseUrl}${path}`);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

/** Polls `find` (the test's own lookup of what the demo has sent so far) until it answers. */
async function eventually<T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not appear within ${timeoutMs} ms; demo output:\n${demoOutput}`);
}

/** A session of the demo's agent traffic that has just begun (one priced turn, more to come). */
const busySession = () => eventually('a new demo session with cost', async () => {
  const sessions = await getJson<SessionSummary[]>('/api/v1/sessions?limit=100');
  return sessions.filter((s) => (s.costUsd ?? 0) > 0 && s.traceCount === 1 && s.sessionId.startsWith('sess_') === false)
    .sort((a, b) => b.lastSeenUnixNano - a.lastSeenUnixNano)[0]?.sessionId;
});

/** The session of a long model call that is still running. */
const runningSession = () => eventually('an in-progress long call', async () => {
  // Every stored span in seq order; a call's end record (later seq) replaces its start record.
  const latest = new Map<string, SpanPage['spans'][number]>();
  for (let afterSeq = 0; ;) {
    const result = await getJson<SpanPage>(`/api/v1/spans?afterSeq=${afterSeq}&limit=1000`);
    for (const span of result.spans) latest.set(span.spanId, span);
    if (result.spans.length < 1000 || result.nextAfterSeq === null) break;
    afterSeq = result.nextAfterSeq;
  }
  return [...latest.values()].find((s) => s.inProgress && s.sessionId)?.sessionId ?? undefined;
}, 40_000);

const attr = async (testId: string, name: string) => Number(await page.getAttribute(`[data-testid="${testId}"]`, name));

describe('session page with qyl demo running', () => {
  for (const transport of ['websockets', 'sse', 'longpolling'] as const) {
    it(`demo_${transport}_TokensCostAndConversationClimbRunningCallTicks`, async () => {
      const sessionId = await busySession();
      await page.goto(`${hub.baseUrl}/sessions/${sessionId}?transport=${transport}`);
      await page.waitForSelector('[data-testid="session-turn"]', { timeout: 15_000 });
      await waitForState(page, 'connected');
      const tokens = await attr('session-tokens', 'data-input-tokens');
      const cost = await attr('session-cost', 'data-cost-usd');
      const messages = await page.locator('[data-testid="conversation"] [data-testid="message"]').count();

      // The demo's next turns of this session land while the page is open.
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid="session-tokens"]')?.getAttribute('data-input-tokens')) > t, tokens, { timeout: 30_000 });
      await page.waitForFunction((c) => Number(document.querySelector('[data-testid="session-cost"]')?.getAttribute('data-cost-usd')) > c, cost, { timeout: 15_000 });
      await page.waitForFunction((m) => document.querySelectorAll('[data-testid="conversation"] [data-testid="message"]').length > m, messages, { timeout: 15_000 });
      if (transport === 'websockets') await screenshot(page, 'session-demo');

      // A long call's session: the call shows running and its duration ticks before it ends.
      const longSession = await runningSession();
      await page.goto(`${hub.baseUrl}/sessions/${longSession}?transport=${transport}`);
      await waitForState(page, 'connected');
      await page.waitForSelector('[data-testid="session-turn"][data-in-progress="true"]', { timeout: 15_000 });
      const duration = await page.textContent('[data-testid="session-duration"] .meter-value');
      await page.waitForFunction((before) => document.querySelector('[data-testid="session-duration"] .meter-value')?.textContent !== before, duration, { timeout: 10_000 });
      expect(await page.textContent('[data-testid="session-duration"]')).toContain('in progress');
      if (transport === 'websockets') await screenshot(page, 'session-demo-running');
    }, 90_000);
  }
});
