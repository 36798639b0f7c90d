import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HubProcess, freePort } from './hub-process';

/** Debian's chromium: tests never download a browser. */
export const chromiumPath = process.env.QYL_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDir = resolve(import.meta.dirname, '..', 'test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    timeout: 30_000,
  });
}

/** What each browser suite starts once: a real hub on a free port (with extra settings) and Chromium. */
export async function startHubAndBrowser(settings: string[] = []): Promise<{ hub: HubProcess; browser: Browser }> {
  const hub = new HubProcess(await freePort(), settings);
  await hub.start();
  return { hub, browser: await launchBrowser() };
}

export async function stopHubAndBrowser(hub: HubProcess | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await hub?.stop();
}

/** A page the size the screenshots are looked at in; a new page starts with empty sessionStorage. */
export function newPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1440, height: 860 } });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), timeout: 10_000 });
}

export async function waitForState(page: Page, state: string, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector(`[data-testid="live-indicator"][data-state="${state}"]`, { timeout: timeoutMs });
}

export function spanRow(page: Page, spanId: string) {
  return page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
}
