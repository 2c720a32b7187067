// Starts the local runtime once for the app's tests (test/support/runtime-process.mjs) and hands its address to the
// test files in GROUPCHAT_TEST_RUNTIME. Needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD), which `npm test` sets.
const { spawn } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  if (!process.env.NEO4J_URI) throw new Error('The mobile client tests need NEO4J_URI: run them with `npm test` at the repository root.');
  const child = spawn(process.execPath, [path.join(__dirname, 'runtime-process.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  globalThis.groupchatRuntimeProcess = child;
  const line = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`the local runtime exited (${code}) before it started`)));
  });
  process.env.GROUPCHAT_TEST_RUNTIME = line;
};
