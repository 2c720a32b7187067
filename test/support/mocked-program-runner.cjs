// Child process of test/support/packed-project.ts: runs a Pulumi program with `@pulumi/pulumi/cmd/run`'s own
// `run` (the code the Node.js language host starts), with mocks in place of the engine, and prints what it
// registered as JSON on the last line of stdout.
'use strict';
const path = require('node:path');

const spec = JSON.parse(process.env.GROUPCHAT_MOCKED_RUN);
const pulumiRoot = path.dirname(require.resolve('@pulumi/pulumi/package.json', { paths: [spec.pwd] }));
const pulumi = require(pulumiRoot);
const settings = require(path.join(pulumiRoot, 'runtime', 'settings.js'));
// run.js imports its folder's index.js only for an exit code; that module parses argv for an engine and
// exits without one, so it is stood in for.
const runIndex = require.resolve(path.join(pulumiRoot, 'cmd', 'run', 'index.js'));
require.cache[runIndex] = { id: runIndex, filename: runIndex, loaded: true, exports: { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 } };
const { run } = require(path.join(pulumiRoot, 'cmd', 'run', 'run.js'));
const { RecordingMocks } = require(spec.mocksModule);

async function main() {
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, spec.project, spec.stack, false);
  process.env.PULUMI_NODEJS_TYPESCRIPT = String(spec.typescript);
  const errors = [];
  await run({ _: [spec.entry], pwd: spec.pwd }, () => {}, (error) => errors.push(error), () => false);
  await settings.waitForRPCs();
  if (errors.length > 0) throw errors[0];
  const inside = `${spec.root}${path.sep}`;
  const loaded = Object.keys(require.cache)
    .filter((file) => file.startsWith(inside) && !file.includes(`${path.sep}node_modules${path.sep}`) && file !== spec.mocksModule)
    .map((file) => path.relative(spec.root, file))
    .sort();
  const resources = mocks.resources.map((resource) => ({ type: resource.type, name: resource.name }));
  process.stdout.write(`\n${JSON.stringify({ resources, loaded })}\n`);
}

main().then(() => process.exit(0), (error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
