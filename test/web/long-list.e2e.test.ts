import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousA11yViolations } from './axe';
import { launchChromium } from './browser-harness';
import { buildLongListPage, mount, openLongList, scrollToTop, shown } from './long-list-harness';

/*
 * The chat panel on 5,000 messages in Chromium (the store filled in the page, no server): only the rows near the
 * view are rendered, and the right ones are on screen at the bottom, at the top, after "Load older" (which keeps
 * the view still) and after "Jump to latest". The times are `npm run bench:web`'s to report, not checked here.
 */

jest.setTimeout(60_000);

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, at) => from + at);
/** The rendered rows' `aria-posinset` and `aria-setsize`, and the number of each message row (0 for other rows). */
const positions = (page: Page) =>
  page.locator('.messages > li[aria-posinset]').evaluateAll((rows) =>
    rows.map((row) => {
      const element = row as unknown as { getAttribute(name: string): string | null; querySelector(s: string): { textContent: string } | null };
      const body = element.querySelector('.message-body')?.textContent ?? '';
      return { at: Number(element.getAttribute('aria-posinset')), of: Number(element.getAttribute('aria-setsize')), n: Number(/^Message (-?\d+)$/.exec(body)?.[1] ?? 0) };
    }),
  );

/** Whether `numbers` is a run of consecutive numbers. */
const consecutive = (numbers: number[]) => numbers.every((n, at) => at === 0 || n === numbers[at - 1]! + 1);

describe('the message list with 5,000 messages loaded', () => {
  let file: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    file = await buildLongListPage();
    browser = await launchChromium();
    page = await openLongList(browser, file);
  });
  afterAll(async () => {
    await browser?.close();
    if (file) rmSync(dirname(file), { recursive: true, force: true });
  });

  it('opens at the newest message, rendering only the rows near the view', async () => {
    await mount(page);
    const { rendered, inView } = await shown(page);
    expect(inView[inView.length - 1]).toBe(5000);
    expect(inView.length).toBeGreaterThan(5);
    expect(consecutive(rendered)).toBe(true);
    expect(rendered.length).toBeLessThan(120);
    expect(await page.getByRole('button', { name: 'Jump to latest ↓' }).count()).toBe(0);
  });

  it('scrolled to the top, shows the oldest loaded messages in order', async () => {
    await scrollToTop(page);
    const { rendered, inView } = await shown(page);
    expect(inView.slice(0, 5)).toEqual(range(1, 5));
    expect(consecutive(inView)).toBe(true);
    expect(rendered.length).toBeLessThan(120);
    await page.getByRole('button', { name: 'Jump to latest ↓' }).waitFor();
  });

  it('scrolled to the middle, shows a run of messages from there', async () => {
    await page.locator('.messages').evaluate((list) => {
      (list as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (list as unknown as { scrollHeight: number }).scrollHeight / 2;
    });
    await page.waitForFunction(() => {
      const view = (globalThis as unknown as { longList: { shown(): { inView: number[] } } }).longList.shown().inView;
      return view.length > 5 && view[0]! > 1000 && view[0]! < 4000;
    });
    expect(consecutive((await shown(page)).inView)).toBe(true);
  });

  it('each rendered row says where it stands among all the rows (older ones still to load: their number unknown); axe finds nothing serious', async () => {
    const rows = await positions(page);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((row) => row.of === -1)).toBe(true);
    expect(consecutive(rows.map((row) => row.at))).toBe(true);
    // Message n is the n-th message row; day separators take places of their own before it.
    const messages = rows.filter((row) => row.n !== 0);
    expect(messages.every((row) => row.at >= row.n)).toBe(true);
    expect(await page.locator('.messages > li.message:not([aria-posinset])').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('"Load older" brings the older page above without moving what is in view', async () => {
    await scrollToTop(page);
    const anchor = page.locator('.message-body', { hasText: /^Message 3$/ });
    const before = (await anchor.boundingBox())!.y;
    await page.getByRole('button', { name: 'Load older messages' }).click();
    await page.getByRole('button', { name: 'Load older messages' }).waitFor({ state: 'detached' });
    await page.locator('.message-body', { hasText: /^Message -1$/ }).waitFor({ state: 'attached' }); // rendered just above the view
    // Message 3 may move by a header that Message 1 no longer needs once the same author's older messages precede it.
    expect(Math.abs((await anchor.boundingBox())!.y - before)).toBeLessThan(30);
    await page.locator('.messages').hover();
    for (let turn = 0; turn < 6; turn++) await page.mouse.wheel(0, -500);
    await page.locator('.message-body', { hasText: /^Message -29$/ }).waitFor();
  });

  it('"Jump to latest" brings back the newest message', async () => {
    await page.getByRole('button', { name: 'Jump to latest ↓' }).click();
    await page.getByRole('button', { name: 'Jump to latest ↓' }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => (globalThis as unknown as { longList: { shown(): { inView: number[] } } }).longList.shown().inView.includes(5000));
    expect((await shown(page)).rendered.length).toBeLessThan(120);
  });
});
