import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * tools/system-deps.sh (run by .ci/run and npm test) on a PATH of stub commands: a temporary folder holding
 * only the tools a case gives it, an `id` that says who runs it, and an `apt-get` that records its arguments
 * instead of installing.
 */

const script = join(__dirname, '..', '..', 'tools', 'system-deps.sh');
const EVERYTHING = {
  java: 'exit 0',
  mvn: 'exit 0',
  shellcheck: 'exit 0',
  python3: 'exit 0', // `python3 -c 'import ensurepip'` succeeds: venv is there
  'fc-list': "echo '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf: Noto Color Emoji:style=Regular'",
};

let bin: string;
beforeEach(() => (bin = mkdtempSync(join(tmpdir(), 'groupchat-system-deps-'))));
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function run(tools: Record<string, string>, { uid, apt }: { uid: number; apt: boolean }) {
  const stubs = { ...tools, id: `echo ${uid}`, ...(apt ? { 'apt-get': `echo "$@" >> '${join(bin, 'apt.log')}'` } : {}) };
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const result = spawnSync('/bin/bash', [script], { env: { PATH: bin }, encoding: 'utf8' });
  const aptLog = join(bin, 'apt.log');
  return { ...result, apt: existsSync(aptLog) ? readFileSync(aptLog, 'utf8').trim().split('\n') : [] };
}

const without = (...names: string[]) => Object.fromEntries(Object.entries(EVERYTHING).filter(([name]) => !names.includes(name)));

// Chromium is looked for at its fixed path, which these stubs cannot hide: the machine running the tests has it.
it('does nothing when every tool is there', () => {
  const result = run(EVERYTHING, { uid: 0, apt: true });
  expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
  expect(result.apt).toEqual([]);
});

it('when not root, stops with one line per missing tool naming it and the command that installs it', () => {
  const result = run(without('shellcheck', 'fc-list', 'mvn'), { uid: 1000, apt: true });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toEqual([
    'system-deps: missing mvn (fetches Neo4j): install it with `sudo apt-get install -y maven`',
    'system-deps: missing shellcheck (the Neo4j user-data test): install it with `sudo apt-get install -y shellcheck`',
    'system-deps: missing an emoji font (the browser tests screenshots): install it with `sudo apt-get install -y fonts-noto-color-emoji`',
  ]);
  expect(result.apt).toEqual([]);
});

it('without apt-get, names the Debian package of each missing tool', () => {
  const result = run({ ...without('java'), python3: 'exit 1' }, { uid: 0, apt: false });
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([
    "system-deps: missing java (Neo4j for the tests and npm start): install Debian's openjdk-17-jdk-headless package or your system's equivalent",
    "system-deps: missing python3 venv (installs moto server into .venv): install Debian's python3-venv package or your system's equivalent",
  ]);
});

it('as root with apt-get, updates the package lists and installs exactly the missing packages', () => {
  const result = run(without('java', 'shellcheck'), { uid: 0, apt: true });
  expect(result).toMatchObject({ status: 0, stderr: '' });
  expect(result.stdout).toBe('system-deps: installing openjdk-17-jdk-headless shellcheck\n');
  expect(result.apt).toEqual(['update -qq', 'install -y -qq openjdk-17-jdk-headless shellcheck']);
});

it('passes shellcheck', () => {
  const result = spawnSync('shellcheck', [script], { encoding: 'utf8' });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
