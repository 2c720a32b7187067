import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildWebClient } from './browser-harness';

describe('the web client build', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('writes index.html, app.js and app.css, byte-identical from build to build, with no path of this machine', () => {
    dirs.push(buildWebClient(), buildWebClient());
    const [first, second] = dirs as [string, string];
    expect(readdirSync(first).sort()).toEqual(['app.css', 'app.js', 'index.html']);
    for (const file of ['index.html', 'app.js', 'app.css']) {
      expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file)))).toBe(true);
    }
    const html = readFileSync(join(first, 'index.html'), 'utf8');
    expect(html).toContain('<script src="/app.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/app.css">');
    const js = readFileSync(join(first, 'app.js'), 'utf8');
    expect(js).not.toContain(join(__dirname, '..', '..'));
    expect(js).not.toMatch(/process\.env|react-dom\.development/); // React's production build, nothing Node
    expect(js).not.toContain('ZodError'); // the SDK takes routes from route-paths, not the zod schemas
  });
});
