// The console under test: the API (test/api/harness.ts: real Temporal, database, emulated tenant and worker)
// listening on a local port, and Debian's Chromium (installed by scripts/install-tools.sh) driven by
// playwright-core. Screenshots go to .data/console-screenshots/, or with UPDATE_SCREENSHOTS=1 to docs/screenshots/ for the README.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApi, type ApiHarness } from '../api/harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The README's pictures are refreshed on request only (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean.
export const SCREENSHOTS = path.resolve(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../../.data/console-screenshots');

export interface ConsoleHarness {
  api: ApiHarness;
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startConsole(): Promise<ConsoleHarness> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`bash scripts/install-tools.sh chromium\` (make test does)`);
  const api = await startApi();
  const server: Server = await new Promise((resolve) => {
    const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // --no-sandbox: the suite may run as root (CI containers), where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    api, url, browser,
    async stop() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.stop();
    },
  };
}

/** A fresh tab (own session storage) at a laptop's screen size, signed in with `token`. */
export async function signIn(h: ConsoleHarness, token: string): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${h.url}/console/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main[data-page="People"]').waitFor();
  return page;
}

/** Goes to a console page (hash route) and waits until it has rendered. */
export async function open(page: Page, hash: string, title: string): Promise<void> {
  // In the page (a string: this project's TypeScript has no DOM types): forget the page shown, then route.
  await page.evaluate(`delete document.getElementById('main').dataset.page; location.hash = ${JSON.stringify(hash)};`);
  await page.locator(`main[data-page="${title}"]:not([aria-busy])`).waitFor();
}

/** Reloads the page until `ready` holds (the record catching up with a workflow), up to 30 s. */
export async function reloadUntil(page: Page, title: string, ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await page.locator(`main[data-page="${title}"]:not([aria-busy])`).waitFor();
  }
}

/**
 * Photographs the page, after checking that every form control on it has a label (its own <label> or an
 * aria-label) and every button a name: the console is used by keyboard and screen reader too.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.outerHTML)
    .concat([...document.querySelectorAll('button')].filter((b) => !b.textContent.trim()).map((b) => b.outerHTML))`);
  expect({ page: name, unlabelled }).toEqual({ page: name, unlabelled: [] });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
