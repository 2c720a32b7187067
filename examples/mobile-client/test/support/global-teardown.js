// Stops the local runtime that global-setup.js started (closing its standard input stops it).
module.exports = async function globalTeardown() {
  const child = globalThis.groupchatRuntimeProcess;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  await exited;
};
