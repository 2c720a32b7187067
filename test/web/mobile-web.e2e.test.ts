import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { LocalRuntime } from '../../src/local';
import { serveStatic } from '../../src/local/static-files';
import { WebTestbed, apiAs, screenshot, signInThroughBrowser, startWebTestbed } from './browser-harness';

/*
 * The mobile client (examples/mobile-client) rendered for the web with react-native-web, as
 * examples/mobile-client/build-web.mjs builds it, in Chromium at a phone's viewport against the local runtime:
 * a person signs in through the dev identity provider (in a popup, the web's stand-in for the system browser),
 * opens a group and chats live with a second person on the web client. The steps build on each other.
 */

jest.setTimeout(120_000);

const APP_DIR = join(__dirname, '..', '..', 'examples', 'mobile-client');
/** The app's own packages (npm ci --prefix examples/mobile-client): CI installs them; elsewhere the file is skipped without them. */
const installed = existsSync(join(APP_DIR, 'node_modules', 'react-native-web')) || !!process.env.CI;

const marker = randomUUID().slice(0, 8);
const hikers = `Hikers ${marker}`;
const alice = { name: `Alice ${marker}`, email: `alice-rnw-${marker}@example.com` };
const bob = { name: `Bob ${marker}`, email: `bob-rnw-${marker}@example.com` };

/** An iPhone 14's screen, in CSS pixels. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Builds the app's web target into a fresh folder, as `node examples/mobile-client/build-web.mjs` does. */
function buildMobileWeb(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'groupchat-mobile-web-'));
  const result = spawnSync(process.execPath, [join(APP_DIR, 'build-web.mjs'), outdir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the mobile client's web target did not build:\n${result.stdout}\n${result.stderr}`);
  return outdir;
}

/** Serves `root` on a loopback port of its own (another origin than the local runtime's, as a phone is). */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    void serveStatic(root, new URL(request.url ?? '/', 'http://localhost').pathname, response).then((served) => {
      if (!served) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const messageOnPhone = (page: Page, text: string) => page.getByLabel('Messages').getByText(text, { exact: true });
const messageOnWeb = (page: Page, text: string) => page.locator('.message-body', { hasText: new RegExp(`^${text}$`) });

(installed ? describe : describe.skip)('the mobile client on the web (react-native-web) at a phone viewport, with a second person on the web client', () => {
  let testbed: WebTestbed | undefined;
  let runtime: LocalRuntime;
  let appDir: string | undefined;
  let app: { url: string; server: Server } | undefined;
  let phoneContext: BrowserContext;
  let phone: Page;
  let web: Page;
  let hikersId: string;

  beforeAll(async () => {
    appDir = buildMobileWeb();
    app = await serve(appDir);
    testbed = await startWebTestbed();
    runtime = testbed.runtime;
  });
  afterAll(async () => {
    await testbed?.stop();
    app?.server.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it('signs in through the dev identity provider in a popup (code flow with PKCE) and shows my groups, live', async () => {
    phoneContext = await testbed!.browser.newContext(PHONE);
    phone = await phoneContext.newPage();
    const errors: string[] = [];
    phone.on('pageerror', (error) => errors.push(error.message));
    await phone.goto(app!.url);
    const server = phone.getByLabel('Server address');
    await server.fill(runtime.url);
    await phone.getByRole('button', { name: 'Use this server' }).click();
    const signIn = phone.getByRole('button', { name: 'Sign in' });
    await expectEnabled(signIn);
    await screenshot(phone, 'mobile-web-sign-in');

    const [popup] = await Promise.all([phone.waitForEvent('popup'), signIn.click()]);
    await popup.waitForURL(/\/_local\/auth\/authorize\?/);
    await popup.getByLabel('Name').fill(alice.name);
    await popup.getByLabel('Email').fill(alice.email);
    await Promise.all([popup.waitForEvent('close'), popup.getByRole('button', { name: 'Sign in', exact: true }).click()]);

    await phone.getByRole('heading', { name: 'My groups' }).waitFor();
    await phone.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await phone.getByText('You are in no group yet.').waitFor();
    const me = await (await apiAs(phone, runtime)).getMe();
    expect(me).toMatchObject({ name: alice.name, email: alice.email });
    expect(errors).toEqual([]);
    await screenshot(phone, 'mobile-web-groups-empty');
  });

  it('is approved into a group the second person made on the web client, and sees it arrive live', async () => {
    web = await signInThroughBrowser(await testbed!.browser.newContext({ viewport: { width: 1280, height: 800 } }), runtime.url, bob);
    await web.getByRole('button', { name: 'New group' }).click();
    await web.getByLabel('Name').fill(hikers);
    await web.getByRole('button', { name: 'Create group' }).click();
    await web.getByRole('heading', { name: hikers }).waitFor();
    hikersId = (await (await apiAs(web, runtime)).listMyGroups()).find((group) => group.name === hikers)!.id;

    await (await apiAs(phone, runtime)).apply(hikersId, { message: 'Phone here' });
    await (await apiAs(web, runtime)).approve(hikersId, (await (await apiAs(phone, runtime)).getMe()).id);
    await phone.getByRole('button', { name: new RegExp(`^${hikers}`) }).waitFor();
    await screenshot(phone, 'mobile-web-groups');
  });

  it('opens the group and chats live with the web client both ways, each message shown once', async () => {
    await phone.getByRole('button', { name: new RegExp(`^${hikers}`) }).click();
    await phone.getByRole('heading', { name: hikers }).waitFor();
    const box = phone.getByLabel('Message', { exact: true });
    await box.fill('Hello from the phone');
    await box.press('Enter');
    await messageOnWeb(web, 'Hello from the phone').waitFor();
    expect(await box.inputValue()).toBe('');

    const webBox = web.getByLabel('Message', { exact: true });
    await webBox.fill('Hi phone, from the web');
    await webBox.press('Enter');
    await messageOnPhone(phone, 'Hi phone, from the web').waitFor();
    expect(await messageOnPhone(phone, 'Hello from the phone').count()).toBe(1);
    expect(await messageOnPhone(phone, 'Hi phone, from the web').count()).toBe(1);
    const stored = (await (await apiAs(phone, runtime)).listMessages(hikersId)).items.map((message) => message.body);
    expect(stored.sort()).toEqual(['Hello from the phone', 'Hi phone, from the web']);
    await screenshot(phone, 'mobile-web-chat');

    await phone.getByRole('button', { name: 'Back' }).click();
    await phone.getByRole('heading', { name: 'My groups' }).waitFor();
  });
});

/** Waits until the button can be pressed (react-native-web marks a disabled Pressable with aria-disabled). */
async function expectEnabled(button: ReturnType<Page['getByRole']>): Promise<void> {
  await button.and(button.page().locator(':not([aria-disabled="true"])')).waitFor();
}
