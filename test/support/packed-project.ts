import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { transformSync } from 'esbuild';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const REPO_MODULES = path.join(REPO_ROOT, 'node_modules');

/** What `npm pack` made of the library. */
export interface PackedLibrary {
  tarball: string;
  /** Size of the tarball, in bytes. */
  size: number;
  /** Paths inside the package, e.g. `dist/src/index.js`. */
  files: string[];
}

/** The newest modification time (ms) of the files under a folder. */
function newestMtime(folder: string): number {
  return (readdirSync(folder, { recursive: true }) as string[])
    .map((relative) => statSync(path.join(folder, relative)))
    .filter((stat) => stat.isFile())
    .reduce((newest, stat) => Math.max(newest, stat.mtimeMs), 0);
}

/**
 * `npm pack` of the repository into `destination`. The package ships the build, so it must be there and
 * newer than the sources (`npm run build`).
 */
export function packLibrary(destination: string): PackedLibrary {
  const built = path.join(REPO_ROOT, 'dist', 'src', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(path.join(REPO_ROOT, 'src'))) {
    throw new Error(`${built} is missing or older than src/: run \`npm run build\` before this test.`);
  }
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(out) as { filename: string; size: number; files: { path: string }[] }[];
  return { tarball: path.join(destination, packed.filename), size: packed.size, files: packed.files.map((f) => f.path) };
}

interface PackageManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readManifest = (file: string): PackageManifest => JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;

/**
 * Lays out `node_modules` in `projectDir` as `npm install` would for its package.json with the library
 * taken from the tarball: `pulumi-groupchat` is the unpacked tarball, and every other top-level package
 * (the project's own dependencies, and the library's, which npm hoists) is a link to the repository's
 * installed copy, so nothing is downloaded and there is one `@pulumi/pulumi`. A package the project
 * imports without declaring it is not there.
 */
export function installPackedLibrary(projectDir: string, library: PackedLibrary): void {
  const modules = path.join(projectDir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['-xzf', library.tarball, '-C', modules]);
  renameSync(path.join(modules, 'package'), path.join(modules, 'pulumi-groupchat'));

  const project = readManifest(path.join(projectDir, 'package.json'));
  const packed = readManifest(path.join(modules, 'pulumi-groupchat', 'package.json'));
  const names = new Set([
    ...Object.keys(project.dependencies ?? {}),
    ...Object.keys(project.devDependencies ?? {}),
    ...Object.keys(packed.dependencies ?? {}),
  ]);
  names.delete('pulumi-groupchat');
  for (const name of names) {
    const installed = path.join(REPO_MODULES, name);
    if (!existsSync(installed)) throw new Error(`${name} is not installed in the repository (npm ci)`);
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(installed, path.join(modules, name), 'dir');
  }
}

/** Copies a project folder (without its node_modules) to a new folder under `parent` and installs the packed library there. */
export function copyProject(sourceDir: string, parent: string, library: PackedLibrary): string {
  const target = path.join(parent, path.basename(sourceDir));
  cpSync(sourceDir, target, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  installPackedLibrary(target, library);
  return realpathSync(target);
}

/** `Pulumi.yaml`, the parts the Node.js language host reads. */
interface PulumiProject {
  name: string;
  main?: string;
  runtime: string | { name: string; options?: { typescript?: boolean } };
}

/** How the Pulumi CLI starts a Node.js program: the working directory and the program argument of `@pulumi/pulumi/cmd/run`. */
export interface ProgramLaunch {
  project: string;
  pwd: string;
  /** `.` (the language host then looks at package.json `exports`, then `main`, then `index`) or a file. */
  entry: string;
  typescript: boolean;
}

/** The YAML parser `@pulumi/pulumi` itself uses. */
const loadYaml = createRequire(require.resolve('@pulumi/pulumi'))('js-yaml').load as (text: string) => unknown;

/**
 * Reads `Pulumi.yaml` as the CLI does for the Node.js runtime: `main` (a file or a folder, relative to
 * Pulumi.yaml; an error when it does not exist) is the program; without it the program is `.` in the
 * project folder, which `cmd/run` resolves through the nearest package.json (`exports`, then `main`),
 * else Node's `index`.
 */
export function languageHostLaunch(projectDir: string): ProgramLaunch {
  const project = loadYaml(readFileSync(path.join(projectDir, 'Pulumi.yaml'), 'utf8')) as PulumiProject;
  const runtime = typeof project.runtime === 'string' ? { name: project.runtime } : project.runtime;
  if (runtime.name !== 'nodejs') throw new Error(`Pulumi.yaml: runtime ${runtime.name} is not nodejs`);
  const typescript = (runtime as { options?: { typescript?: boolean } }).options?.typescript ?? true;
  if (project.main === undefined) return { project: project.name, pwd: projectDir, entry: '.', typescript };
  const main = path.resolve(projectDir, project.main);
  if (!existsSync(main)) throw new Error(`Pulumi.yaml: main "${project.main}" does not exist in ${projectDir}`);
  return statSync(main).isDirectory()
    ? { project: project.name, pwd: main, entry: '.', typescript }
    : { project: project.name, pwd: projectDir, entry: main, typescript };
}

/** What one mocked run of a program registered. */
export interface MockedRun {
  resources: { type: string; name: string }[];
  /** The files the program loaded from the folder around the project, e.g. `full-deployment/index.ts` (node_modules aside). */
  loaded: string[];
}

/**
 * Runs a project's program as `pulumi up` would start it (see {@link languageHostLaunch}), in a child
 * process: `@pulumi/pulumi/cmd/run`'s own `run` (program resolution, ts-node, the Stack resource) with
 * `pulumi.runtime.setMocks` (test/support/pulumi-mocks) in place of the engine. `config` is the stack's
 * configuration without the project prefix.
 */
export function runProgramUnderMocks(projectDir: string, config: Record<string, string>): MockedRun {
  const launch = languageHostLaunch(projectDir);
  const mocksModule = path.join(projectDir, 'recording-mocks.cjs');
  const mocksSource = readFileSync(path.join(__dirname, 'pulumi-mocks.ts'), 'utf8');
  writeFileSync(mocksModule, transformSync(mocksSource, { loader: 'ts', format: 'cjs', target: 'node20' }).code);
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mocked-program-runner.cjs')], {
    cwd: launch.pwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(Object.fromEntries(Object.entries(config).map(([key, value]) => [`${launch.project}:${key}`, value]))),
      // Type checking is the consumer test's job (tsc --strict); here only what runs matters.
      PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
      GROUPCHAT_MOCKED_RUN: JSON.stringify({ ...launch, stack: 'test', mocksModule, root: path.dirname(projectDir) }),
    },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as MockedRun;
}

/** A fresh folder under the system's temporary folder, outside the repository. */
export function outsideRepository(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
}
