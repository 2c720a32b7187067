import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { handlerArchive, handlerBundlePath, handlerBundleSha256, packageRoot } from '../../src/components/handler-code';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('handler code', () => {
  test('the package root is found from the components folder and from a dist-like folder below it', () => {
    expect(packageRoot(path.join(repoRoot, 'src', 'components'))).toBe(repoRoot);
    expect(packageRoot(path.join(repoRoot, 'dist', 'src', 'components'))).toBe(repoRoot);
  });

  test('a package.json of another name is skipped; none at all is an error', () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'pkg-'));
    writeFileSync(path.join(outer, 'package.json'), JSON.stringify({ name: 'pulumi-groupchat' }));
    const inner = path.join(outer, 'node_modules', 'other');
    mkdirSync(inner, { recursive: true });
    writeFileSync(path.join(inner, 'package.json'), JSON.stringify({ name: 'other' }));
    expect(packageRoot(inner)).toBe(outer);
    expect(() => packageRoot(tmpdir())).toThrow('Cannot find the pulumi-groupchat package folder');
  });

  test('a missing bundle tells the user to run npm run build', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pkg-'));
    expect(() => handlerBundlePath('api', root)).toThrow(/dist\/handlers\/api\/index\.js is missing: run `npm run build`/);
  });

  test('the archive holds the built bundle as index.js, and the hash is that of the file', async () => {
    const archive = handlerArchive('fanout');
    expect(archive).toBeInstanceOf(pulumi.asset.AssetArchive);
    const assets = await (archive.assets as unknown as Promise<Record<string, pulumi.asset.FileAsset>>);
    expect(Object.keys(assets)).toEqual(['index.js']);
    expect(await assets['index.js'].path).toBe(path.join(repoRoot, 'dist', 'handlers', 'fanout', 'index.js'));
    expect(handlerBundleSha256('fanout')).toMatch(/^[0-9a-f]{64}$/);
  });
});
