import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, WebSocketRoute, chromium } from 'playwright-core';
import { GroupChatClient } from '../../src/client';
import { LocalRuntime, startLocalRuntime } from '../../src/local';

const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/** Where the screenshots go (gitignored); CI keeps them as artifacts. */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');

/** Builds the web client from the current sources into a fresh folder, as `npm run build:web` does. */
export function buildWebClient(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'groupchat-web-'));
  const result = spawnSync(process.execPath, [join(ROOT, 'examples', 'web-client', 'build.mjs'), outdir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the web client did not build:\n${result.stdout}\n${result.stderr}`);
  return outdir;
}

/** Debian's Chromium, headless; fails with what to install when it is missing. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A browser context whose WebSockets pass through a switch: `cut()` closes the open ones and refuses new
 * ones (as a network that went away would), `restore()` lets them through again; `delaySends(ms)` holds
 * the server's acknowledgement of each message sent over the socket that long before the page gets it.
 */
export async function contextWithSwitchableSocket(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const open = new Set<WebSocketRoute>();
  let cut = false;
  let sendDelayMs = 0;
  await context.routeWebSocket(/\/ws(\?|$)/, async (socket) => {
    if (cut) {
      await socket.close({ code: 4000, reason: 'network down (test)' });
      return;
    }
    const server = socket.connectToServer();
    server.onMessage((message) => {
      if (sendDelayMs > 0 && String(message).includes('"type":"ack"')) setTimeout(() => socket.send(message), sendDelayMs);
      else socket.send(message);
    });
    open.add(socket);
    socket.onClose(() => open.delete(socket));
  });
  return {
    context,
    async cut() {
      cut = true;
      await Promise.all([...open].map((socket) => socket.close({ code: 4000, reason: 'network down (test)' })));
      open.clear();
    },
    restore() {
      cut = false;
    },
    delaySends(ms: number) {
      sendDelayMs = ms;
    },
  };
}

/** Saves a screenshot of the page as `test-artifacts/web/<name>.png`, and with `dark` also `<name>-dark.png` in the dark theme. */
export async function screenshot(page: Page, name: string, options: { dark?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  if (!options.dark) return;
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Signs in through the app: its "Sign in" button, then the dev identity provider's page as a new user typed
 * into "Someone else", then back to the app, which shows the user's name once the profile is read.
 */
export async function signInThroughBrowser(context: BrowserContext, appUrl: string, user: { name: string; email: string }, shotName?: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/_local\/auth\/authorize\?/);
  if (shotName) await screenshot(page, shotName);
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('me').filter({ hasText: user.name }).waitFor();
  return page;
}

/** A fresh web client build served by a local runtime on the shared Neo4j, and Chromium. */
export interface WebTestbed {
  runtime: LocalRuntime;
  browser: Browser;
  /** Closes the browser, stops the runtime and deletes the build. */
  stop(): Promise<void>;
}

export async function startWebTestbed(): Promise<WebTestbed> {
  const webDir = buildWebClient();
  const runtime = await startLocalRuntime({ neo4jUri: process.env.NEO4J_URI, webClientDir: webDir });
  const browser = await launchChromium();
  return {
    runtime,
    browser,
    async stop() {
      await browser.close();
      await runtime.stop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}

/** The ID token the app keeps in the page's sessionStorage. */
export const idTokenIn = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('groupchat.idToken'));

/** A REST client acting as the user signed in on `page`, with the ID token the page keeps in sessionStorage. */
export async function apiAs(page: Page, runtime: LocalRuntime): Promise<GroupChatClient> {
  const token = await idTokenIn(page);
  if (!token) throw new Error('no ID token in sessionStorage');
  return new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => token });
}
