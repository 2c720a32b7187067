// Starts the Neo4j of tools/neo4j-local (or uses NEO4J_URI) for tests and the local runtime.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Compiles the launcher and resolves its classpath once per pom.xml; later calls read the cache. */
export function resolveClasspath() {
  const sources = ['pom.xml', 'src/main/java/dev/groupchat/neo4jlocal/Neo4jLocal.java']
    .map((file) => readFileSync(join(projectDir, file)))
    .reduce((hash, content) => hash.update(content), createHash('sha256'))
    .digest('hex')
    .slice(0, 16);
  const targetDir = join(projectDir, 'target');
  const cacheFile = join(targetDir, `classpath-${sources}.txt`);
  if (existsSync(cacheFile)) return readFileSync(cacheFile, 'utf8');

  checkMaven();
  mkdirSync(targetDir, { recursive: true });
  const dependencyFile = join(targetDir, 'dependencies.txt');
  const mvn = spawnSync(
    'mvn',
    ['-q', '-B', 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${dependencyFile}`],
    { cwd: projectDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (mvn.status !== 0) {
    throw new Neo4jSetupError(
      `neo4j-local: mvn could not build tools/neo4j-local (exit ${mvn.status}):\n${(mvn.stdout + mvn.stderr).trim()}`,
    );
  }
  const classpath = [join(targetDir, 'classes'), readFileSync(dependencyFile, 'utf8').trim()].join(':');
  writeFileSync(cacheFile, classpath);
  return classpath;
}

/**
 * Starts Neo4j and resolves once Bolt answers.
 * @returns {Promise<{uri: string, user: string, password: string, startupMs: number, external: boolean, stop: () => Promise<void>}>}
 */
export async function startNeo4j({ log = (line) => console.error(line) } = {}) {
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
  const classpath = resolveClasspath();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'groupchat-neo4j-'));
  const child = spawn(
    'java',
    ['-Xms512m', '-Xmx1g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, mainClass, String(port), dataDir],
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
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });

  const startupMs = Date.now() - started;
  log(`neo4j-local: Neo4j 5.26 started in ${startupMs} ms (server ${ready.serverMs} ms) at ${ready.uri}`);

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return { uri: ready.uri, user: 'neo4j', password: 'neo4j', startupMs, external: false, stop, pid: child.pid };
}
