import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { LocalRuntime, startLocalRuntime } from '../../src/local';
import { buildWebClient, launchChromium, screenshot, signInThroughBrowser } from './browser-harness';

/*
 * A token the server stops accepting (a local runtime restarted without its data folder, so with a new signing
 * key) signs the user out: back to the sign-in screen with a notice; no bare "Unauthorized", no endless
 * "Reconnecting…".
 */

jest.setTimeout(120_000);

const NOTICE = 'Your session has ended: please sign in again.';

async function expectSignedOut(page: Page): Promise<void> {
  try {
    await page.getByRole('alert').filter({ hasText: NOTICE }).waitFor({ timeout: 45_000 });
  } catch (error) {
    throw new Error(`not signed out; the page shows:\n${await page.locator('body').innerText()}`, { cause: error });
  }
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await page.locator('body').innerText()).not.toMatch(/Unauthorized|Reconnecting/);
}

describe('the web client when its token is refused', () => {
  let webDir: string;
  let runtime: LocalRuntime | undefined;
  let browser: Browser;
  const start = () => startLocalRuntime({ neo4jUri: process.env.NEO4J_URI, webClientDir: webDir });

  beforeAll(async () => {
    webDir = buildWebClient();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  it('goes back to the sign-in screen with a notice when the server refuses the token the tab holds', async () => {
    runtime = await start();
    const marker = randomUUID().slice(0, 8);
    const page = await signInThroughBrowser(await browser.newContext(), runtime.url, { name: `Dana ${marker}`, email: `dana-${marker}@example.com` });
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

    // The tab keeps a token the server no longer accepts (as after a restart with another signing key), and reloads.
    await page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } }).sessionStorage;
      const token = storage.getItem('groupchat.idToken')!;
      storage.setItem('groupchat.idToken', `${token.slice(0, token.lastIndexOf('.'))}.bm90IHRoZSBzaWduYXR1cmU`);
    });
    await page.reload();
    await expectSignedOut(page);
    await screenshot(page, 'signed-out-notice');
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('groupchat.idToken'))).toBeNull();
  });
});
