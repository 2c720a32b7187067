import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';

/** The handler bundles the library ships, built by `npm run build` into `dist/handlers/<name>/index.js`. */
export type HandlerName = 'api' | 'migrate' | 'ws-authorizer' | 'ws-connect' | 'ws-disconnect' | 'ws-default' | 'fanout' | 'presence-sweep';

const PACKAGE_NAME = 'pulumi-groupchat';

/**
 * The folder of this package: the nearest `package.json` above `from` whose name is `pulumi-groupchat`.
 * Works from `src/components` (tests) and from `dist/src/components` (installed package) alike.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the ${PACKAGE_NAME} package folder above ${from}.`);
    }
  }
}

/** Absolute path of a handler bundle; throws when it was not built. */
export function handlerBundlePath(handler: HandlerName, root: string = packageRoot()): string {
  const file = path.join(root, 'dist', 'handlers', handler, 'index.js');
  if (!existsSync(file)) {
    throw new Error(`The handler bundle ${file} is missing: run \`npm run build\` in ${root} first.`);
  }
  return file;
}

/** The Lambda code of a handler: its prebuilt bundle as `index.js` in an archive (handler `index.handler`). */
export function handlerArchive(handler: HandlerName): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.FileAsset(handlerBundlePath(handler)) });
}

/** Hex sha256 of a handler bundle: changes exactly when the bundled code changes. */
export function handlerBundleSha256(handler: HandlerName): string {
  return createHash('sha256').update(readFileSync(handlerBundlePath(handler))).digest('hex');
}
