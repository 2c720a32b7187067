import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const WEB = join(__dirname, '..', '..', 'examples', 'web-client');

/** Builds `examples/web-client/bench/long-list-page.tsx` (the chat panel on 5,000 messages) into a page of its own. */
export async function buildLongListPage(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'groupchat-long-list-'));
  await build({
    absWorkingDir: WEB,
    entryPoints: { page: 'bench/long-list-page.tsx' },
    outdir,
    bundle: true,
    minify: process.env.LONG_LIST_MINIFY !== "0",
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    tsconfig: join(WEB, 'tsconfig.json'),
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  writeFileSync(
    join(outdir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Long list</title><link rel="stylesheet" href="page.css"></head>' +
      '<body><div id="root"></div><script src="page.js"></script></body></html>',
  );
  return join(outdir, 'index.html');
}

/** The long-list page opened in a new 1280×800 page of `browser`, not mounted yet. */
export async function openLongList(browser: Browser, file: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`file://${file}`);
  return page;
}

type LongList = { mount(): Promise<number>; scrollToTop(): Promise<number>; shown(): { rendered: number[]; inView: number[] } };
// (The functions run in the page: they reach `window.longList` there.)
/** Mounts the panel on 5,000 messages; ms until the newest is on screen. */
export const mount = (page: Page) => page.evaluate(() => (globalThis as unknown as { longList: LongList }).longList.mount());
/** Scrolls to the top; ms until the oldest loaded message is on screen. */
export const scrollToTop = (page: Page) => page.evaluate(() => (globalThis as unknown as { longList: LongList }).longList.scrollToTop());
/** The numbers of the messages rendered and of those in view. */
export const shown = (page: Page) => page.evaluate(() => (globalThis as unknown as { longList: LongList }).longList.shown());
