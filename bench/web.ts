/**
 * `npm run bench:web`: the chat panel on 5,000 messages in Debian's Chromium (the page of the long-list test,
 * `examples/web-client/bench/long-list-page.tsx`): the time from rendering the panel to the newest message on
 * screen, and from scrolling to the top to the oldest message on screen. Each run opens a fresh page; the target
 * is under 200 ms each. Writes `bench/results/web.json`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { launchChromium } from '../test/web/browser-harness';
import { buildLongListPage, mount, openLongList, scrollToTop, shown } from '../test/web/long-list-harness';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const TARGET_MS = 200;

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const file = await buildLongListPage();
  const browser = await launchChromium();
  const newest: number[] = [];
  const top: number[] = [];
  let rendered = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await openLongList(browser, file);
      newest.push(round(await mount(page)));
      rendered = Math.max(rendered, (await shown(page)).rendered.length);
      top.push(round(await scrollToTop(page)));
      if ((await shown(page)).inView[0] !== 1) throw new Error(`run ${run}: the top of the list does not show message 1`);
      await page.context().close();
    }
  } finally {
    await browser.close();
    rmSync(dirname(file), { recursive: true, force: true });
  }
  const summary = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: round(loadavg()[0]!),
    messages: 5000,
    viewport: '1280x800',
    rowsRenderedAtMost: rendered,
    newestOnScreenMs: summary(newest),
    scrollToTopMs: summary(top),
    targetMs: TARGET_MS,
    meetsTarget: median(newest) < TARGET_MS && median(top) < TARGET_MS,
  };
  console.log(`chat panel, 5,000 messages, Chromium (${result.node}, ${result.cpus} CPUs, load ${result.loadAverage1m})`);
  console.log(`  newest message on screen  median ${result.newestOnScreenMs.median} ms (min ${result.newestOnScreenMs.min}, max ${result.newestOnScreenMs.max}), target < ${TARGET_MS}`);
  console.log(`  scroll to the top         median ${result.scrollToTopMs.median} ms (min ${result.scrollToTopMs.min}, max ${result.scrollToTopMs.max}), target < ${TARGET_MS}`);
  console.log(`  rows rendered at most     ${rendered} of 5,000`);
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'web.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
