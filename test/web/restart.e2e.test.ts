import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { GroupChatClient } from '../../src/client';
import { LocalRuntime, startLocalRuntime } from '../../src/local';
import { buildWebClient, launchChromium, screenshot, signInThroughBrowser } from './browser-harness';

/*
 * An open tab across a restart of the local runtime on the same data folder and port (as `npm start` stopped
 * and started again): the tab, never reloaded, reconnects by itself, stays signed in (the signing key is kept),
 * shows the same group and messages, and gets a message posted after the restart live. The steps build on
 * each other.
 */

jest.setTimeout(120_000);

const marker = randomUUID().slice(0, 8);
const groupName = `Restarts ${marker}`;
const user = { name: `Rae ${marker}`, email: `rae-${marker}@example.com` };

const bodies = (page: Page, text: string) => page.locator('.message-body', { hasText: new RegExp(`^${text}$`) });
const connection = (page: Page, state: string) => page.getByTestId('connection').filter({ hasText: state });

/** What the tab shows, for a failure message. */
async function expectShown(page: Page, texts: string[]): Promise<void> {
  try {
    for (const text of texts) await bodies(page, text).waitFor({ timeout: 45_000 });
    await page.getByTestId('me').filter({ hasText: user.name }).waitFor();
    await page.getByRole('heading', { name: groupName }).waitFor();
  } catch (error) {
    throw new Error(`the tab does not show ${JSON.stringify(texts)}; it shows:\n${await page.locator('body').innerText()}`, { cause: error });
  }
  expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
}

describe('an open tab across a restart of the local runtime', () => {
  let dataDir: string;
  let webDir: string;
  let browser: Browser;
  let runtime: LocalRuntime | undefined;
  let page: Page;
  let api: GroupChatClient;
  let groupId: string;
  const start = (port = 0) => startLocalRuntime({ neo4jUri: process.env.NEO4J_URI, webClientDir: webDir, dataDir, port });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'groupchat-restart-'));
    webDir = buildWebClient();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    for (const dir of [dataDir, webDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in and opens a group with a message', async () => {
    runtime = await start();
    page = await signInThroughBrowser(await browser.newContext(), runtime.url, user);
    await connection(page, 'Live').waitFor();
    await page.getByRole('button', { name: 'New group' }).click();
    await page.getByLabel('Name').fill(groupName);
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { name: groupName }).waitFor();
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('before the restart');
    await box.press('Enter');
    await bodies(page, 'before the restart').waitFor();

    // Another device of the same person, with the tab's token: the REST side of the check below.
    const token = await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('groupchat.idToken'));
    api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token! });
    groupId = (await api.listMyGroups()).find((group) => group.name === groupName)!.id;
    expect(groupId).toBeDefined();
  });

  it('reconnects by itself after the restart, signed in, with the same group and messages, and gets new messages live', async () => {
    const port = Number(new URL(runtime!.url).port);
    await runtime!.stop();
    runtime = undefined;
    await connection(page, 'Reconnecting…').waitFor();

    runtime = await start(port);
    try {
      await connection(page, 'Live').waitFor({ timeout: 60_000 });
    } catch (error) {
      throw new Error(`the tab did not reconnect; it shows:\n${await page.locator('body').innerText()}`, { cause: error });
    }
    await expectShown(page, ['before the restart']);

    await api.postMessage(groupId, { id: randomUUID(), body: 'after the restart, from elsewhere' });
    await expectShown(page, ['before the restart', 'after the restart, from elsewhere']);
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('after the restart, from the tab');
    await box.press('Enter');
    await bodies(page, 'after the restart, from the tab').waitFor();
    expect((await api.listMessages(groupId)).items.map((message) => message.body)).toEqual(
      expect.arrayContaining(['before the restart', 'after the restart, from elsewhere', 'after the restart, from the tab']),
    );
    await screenshot(page, 'after-restart');
  });

  it('still shows the session after a reload', async () => {
    await page.reload();
    await connection(page, 'Live').waitFor();
    await page.getByTestId('me').filter({ hasText: user.name }).waitFor();
    await page.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(groupName) }).click();
    await expectShown(page, ['before the restart', 'after the restart, from elsewhere', 'after the restart, from the tab']);
  });
});
