// `npm run schema`: writes provider/schema.json, the Pulumi package schema of the components, as the plugin host
// in provider/ (PulumiPlugin.yaml) answers `GetSchema`: @pulumi/pulumi's ComponentProvider and its component
// analyzer, no CLI. `node tools/write-schema.mjs --check` fails when the committed file is not what the sources give.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
const { ComponentProvider, getPulumiComponents } = require('@pulumi/pulumi/provider/experimental');

export const PROVIDER_DIR = join(root, 'provider');
export const SCHEMA_FILE = join(PROVIDER_DIR, 'schema.json');

/** The provider the plugin host starts: the built components (only their class names matter to the schema). */
export function componentProvider() {
  const { name } = JSON.parse(readFileSync(join(PROVIDER_DIR, 'package.json'), 'utf8'));
  const components = getPulumiComponents(require(join(root, 'dist', 'src', 'index.js')));
  return new ComponentProvider({ name, dirname: PROVIDER_DIR, components });
}

/** The schema as JSON text, formatted as committed. */
export async function schemaText() {
  return `${JSON.stringify(JSON.parse(await componentProvider().getSchema()), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await schemaText();
  if (process.argv.includes('--check')) {
    if (readFileSync(SCHEMA_FILE, 'utf8') !== text) {
      console.error('provider/schema.json is out of date: run `npm run schema` and commit it.');
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
