import type { Page } from 'playwright-core';

/** axe-core's browser build, injected into pages under test. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core on the page as it is, in the light and the dark theme, and answers the violations of impact
 * "serious" or "critical" as `theme rule: help (selectors)`; an empty list means none.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SCRIPT });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run({ resultTypes: ['violations'] })).violations;
    });
    for (const violation of violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      found.push(`${colorScheme} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}
