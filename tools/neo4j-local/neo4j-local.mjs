// Starts the Neo4j of tools/neo4j-local (or uses NEO4J_URI) for tests and the local runtime.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.mjs';

const projectDir = dirname(fileURLToPath(import.meta.url));
const mainClass = 'dev.groupchat.neo4jlocal.Neo4jLocal';
const startTimeoutMs = 180_000;

/** An error whose message is the one line a person needs to fix the setup. */
export class Neo4jSetupError extends Error {}

function javaMajorVersion() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function checkJava() {
  const major = javaMajorVersion();
  if (major === undefined || major < 17) {
    throw new Neo4jSetupError(
      `neo4j-local needs Java 17 or later on PATH (found ${major ?? 'none'}): install openjdk-17-jdk-headless, or set NEO4J_URI to use an existing Neo4j.`,
    );
  }
}

function checkMaven() {
  if (spawnSync('mvn', ['-v'], { encoding: 'utf8' }).error) {
    throw new Neo4jSetupError(
      'neo4j-local needs Maven (mvn) on PATH to fetch Neo4j: install maven, or set NEO4J_URI to use an existing Neo4j.',
    );
  }
}

/** Runs a command to its end; resolves its exit code (null when it could not start) and its output. */
function run(command, args, { onLine = () => {}, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const collect = (chunk) => {
      output += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      lines.forEach(onLine);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', () => resolve({ code: null, output }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

// Maven and javac are short-lived JVMs: C1 only and the serial collector halve the CPU they spend.
const mavenEnvironment = () => ({
  ...process.env,
  MAVEN_OPTS: `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC ${process.env.MAVEN_OPTS ?? ''}`.trim(),
});
const NO_NETWORK = /Could not transfer|UnknownHost|Connection refused|Network is unreachable|connect timed out|No route to host/;

/** The dependency classpath from Maven: offline first (nothing to fetch), online only when something is missing. */
async function mavenClasspath(outputFile, log) {
  const args = ['-B', 'dependency:build-classpath', `-Dmdep.outputFile=${outputFile}`];
  const options = { cwd: projectDir, env: mavenEnvironment() };
  const offline = await run('mvn', ['-o', '-q', ...args], options);
  if (offline.code === 0) return;
  log("downloading Neo4j's jars with Maven into ~/.m2 (once; about 120 files)…");
  let downloaded = 0;
  const online = await run('mvn', args, {
    ...options,
    onLine: (line) => {
      if (/^\[INFO\] Downloaded from/.test(line) && ++downloaded % 25 === 0) log(`downloaded ${downloaded} files…`);
    },
  });
  if (online.code === 0) return log(`downloaded ${downloaded} files`);
  if (NO_NETWORK.test(online.output)) {
    throw new Neo4jSetupError(
      "neo4j-local: Maven could not download Neo4j (this machine cannot reach Maven Central, and ~/.m2 does not have it yet): connect once, or set NEO4J_URI to use an existing Neo4j.",
    );
  }
  throw new Neo4jSetupError(`neo4j-local: mvn could not resolve tools/neo4j-local (exit ${online.code}):\n${online.output.trim()}`);
}

/**
 * The launcher's classpath: its jar and Neo4j's jars (only jars, so that the JVM can archive their classes, see
 * classArchive). Resolved by Maven once per pom.xml, launcher source and MAVEN_OPTS (they decide what Maven finds);
 * later calls read the cache while its jars exist.
 * @returns {Promise<string>}
 */
export async function resolveClasspath({ log = () => {} } = {}) {
  const sourceFile = join(projectDir, 'src/main/java/dev/groupchat/neo4jlocal/Neo4jLocal.java');
  const key = [join(projectDir, 'pom.xml'), sourceFile]
    .map((file) => readFileSync(file))
    .reduce((hash, content) => hash.update(content), createHash('sha256'))
    .update(process.env.MAVEN_OPTS ?? '')
    .update('launcher jar')
    .digest('hex')
    .slice(0, 16);
  const targetDir = join(projectDir, 'target');
  const cacheFile = join(targetDir, `classpath-${key}.txt`);
  if (existsSync(cacheFile)) {
    const classpath = readFileSync(cacheFile, 'utf8');
    if (classpath.split(':').every((entry) => existsSync(entry))) return classpath;
  }

  checkMaven();
  mkdirSync(targetDir, { recursive: true });
  // Concurrent first starts (jest workers) each build in their own folder and publish by renaming.
  const work = mkdtempSync(join(targetDir, 'build-'));
  try {
    await mavenClasspath(join(work, 'dependencies.txt'), log);
    const dependencies = readFileSync(join(work, 'dependencies.txt'), 'utf8').trim();
    const launcherJar = join(targetDir, `launcher-${key}.jar`);
    if (!existsSync(launcherJar)) {
      const jvmFlags = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];
      for (const [tool, args] of [
        ['javac', [...jvmFlags, '--release', '17', '-nowarn', '-cp', dependencies, '-d', join(work, 'classes'), sourceFile]],
        ['jar', [...jvmFlags, '--create', '--file', join(work, 'launcher.jar'), '-C', join(work, 'classes'), '.']],
      ]) {
        const result = await run(tool, args);
        if (result.code !== 0) {
          throw new Neo4jSetupError(
            result.code === null
              ? `neo4j-local needs a Java 17+ JDK (${tool} was not found): install openjdk-17-jdk-headless, or set NEO4J_URI to use an existing Neo4j.`
              : `neo4j-local: ${tool} could not build the launcher:\n${result.output.trim()}`,
          );
        }
      }
      renameIfAbsent(join(work, 'launcher.jar'), launcherJar);
    }
    const classpath = [launcherJar, dependencies].join(':');
    writeFileSync(join(work, 'classpath.txt'), classpath);
    renameSync(join(work, 'classpath.txt'), cacheFile);
    return classpath;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Moves `from` to `to` unless another process got there first. */
function renameIfAbsent(from, to) {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!existsSync(to)) throw error;
  }
}

/**
 * Neo4j's classes as its JVM loaded them, archived (class data sharing): a JVM that maps the archive skips most of
 * the loading and verification, about 40 % of Neo4j's start on this 2-core machine. One archive per classpath; a
 * start without one writes it when its JVM exits (tens of seconds of CPU, once) if `save` is set.
 */
function classArchive(classpath, save) {
  const file = join(projectDir, 'target', `classes-${createHash('sha256').update(classpath).digest('hex').slice(0, 16)}.jsa`);
  if (existsSync(file)) return { flags: [`-XX:SharedArchiveFile=${file}`], using: file };
  if (!save) return { flags: [] };
  // Written under a name of this process, renamed when complete; one left by a process that died goes.
  for (const entry of readdirSync(dirname(file))) {
    const pid = /\.jsa\.(\d+)\.tmp$/.exec(entry)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(join(dirname(file), entry), { force: true });
  }
  const saving = `${file}.${process.pid}.tmp`;
  return { flags: [`-XX:ArchiveClassesAtExit=${saving}`], saving, file };
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts Neo4j and resolves once Bolt answers. With `dataDir` the store lives there and is kept for the next
 * start; without it a temporary folder is used and deleted when Neo4j stops. With `saveClassArchive` a JVM that
 * finds no class archive (see classArchive) writes one when it stops. `port` is Bolt's (default: a free one).
 * @param {{ log?: (line: string) => void, dataDir?: string, saveClassArchive?: boolean, port?: number }} [options]
 * @returns {Promise<{uri: string, user: string, password: string, startupMs: number, external: boolean, stop: () => Promise<void>}>}
 */
export async function startNeo4j({ log = (line) => console.error(line), dataDir: keptDir, saveClassArchive = false, port: boltPort } = {}) {
  if (process.env.NEO4J_URI) {
    log(`neo4j-local: using NEO4J_URI=${process.env.NEO4J_URI}`);
    return {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? 'neo4j',
      startupMs: 0,
      external: true,
      stop: async () => {},
    };
  }
  const started = Date.now();
  checkJava();
  const classpath = await resolveClasspath({ log });
  const port = boltPort ?? (await freePort());
  if (keptDir) mkdirSync(keptDir, { recursive: true });
  const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), 'groupchat-neo4j-'));
  const removeTemporary = () => keptDir || rmSync(dataDir, { recursive: true, force: true });
  const archive = classArchive(classpath, saveClassArchive);
  if (archive.saving) log('neo4j-local: no class archive yet: Neo4j writes one when it stops (once), for faster starts');
  const child = spawn(
    'java',
    ['-Xms512m', '-Xmx1g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', ...archive.flags, '-cp', classpath, mainClass, String(port), dataDir, ...(keptDir ? [] : ['--temporary'])],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`neo4j-local: Bolt did not answer within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /READY (\S+) (\d+)ms/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ uri: match[1], serverMs: Number(match[2]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`neo4j-local: Java exited (code ${code}, signal ${signal}) before Bolt answered:\n${output}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    removeTemporary();
    if (/FileLockException|locked by another process/.test(output)) {
      throw new Neo4jSetupError(
        `neo4j-local: the data folder ${dataDir} is in use by another Neo4j (another npm start?): stop it, or set GROUPCHAT_DATA_DIR to another folder.`,
      );
    }
    throw error;
  });

  // An archive the JVM refused (its jars changed since) only costs the check: the next saving start replaces it.
  if (archive.using && /\[cds\]/.test(output)) rmSync(archive.using, { force: true });
  const startupMs = Date.now() - started;
  log(`neo4j-local: Neo4j 5.26 started in ${startupMs} ms (server ${ready.serverMs} ms) at ${ready.uri}`);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      child.stdin.end();
      // Writing the class archive takes tens of seconds on a loaded machine: a SIGKILL would lose it.
      const killer = setTimeout(() => child.kill('SIGKILL'), archive.saving ? 180_000 : 20_000);
      const { code } = await exited;
      clearTimeout(killer);
      if (archive.saving && code === 0 && existsSync(archive.saving)) renameSync(archive.saving, archive.file);
      if (archive.saving) rmSync(archive.saving, { force: true });
      removeTemporary();
    })();
    return stopping;
  };
  return { uri: ready.uri, user: 'neo4j', password: 'neo4j', startupMs, external: false, stop, pid: child.pid };
}
