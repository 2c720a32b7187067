// Builds the app for browsers with react-native-web into examples/mobile-client/dist/web (or the folder given as
// the first argument): index.html and app.js. esbuild, not Metro: `react-native` is aliased to
// `react-native-web`, the `.web.*` variants of the app and of its packages come first (the expo modules' web
// builds: a popup for sign-in, localStorage, the browser's crypto), and index.web.ts is the entry. As with Metro
// (metro.config.js), `pulumi-groupchat/client` is the repository's src/client and every package comes from this
// app's node_modules, also when examples/chat-core imports it, so there is one React and one Redux Toolkit.
// `--serve [port]` serves the build (default port 8081), with index.html for any other path (the sign-in popup
// comes back to /auth). EXPO_PUBLIC_GROUPCHAT_URL, as for Expo, is the server address the sign-in screen offers.
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const args = process.argv.slice(2);
const serveAt = args.indexOf('--serve');
const port = serveAt >= 0 && /^\d+$/.test(args[serveAt + 1] ?? '') ? Number(args[serveAt + 1]) : 8081;
const outArg = args.find((arg, index) => !arg.startsWith('--') && (serveAt < 0 || index !== serveAt + 1));
const outdir = outArg ? resolve(outArg) : join(here, 'dist', 'web');

/** Bare imports resolve in this app's node_modules wherever the importing file is; `react-native` is react-native-web. */
const appPackages = {
  name: 'app-packages',
  setup(bundle) {
    bundle.onResolve({ filter: /^pulumi-groupchat\/client$/ }, () => ({ path: join(repo, 'src', 'client', 'index.ts') }));
    bundle.onResolve({ filter: /^react-native(\/.*)?$/ }, (args) => {
      if (args.path !== 'react-native') return { errors: [{ text: `${args.path}: React Native's internals have no web build` }] };
      return bundle.resolve('react-native-web', { resolveDir: here, kind: args.kind, pluginData: 'app' });
    });
    bundle.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.pluginData === 'app' || !relative(here, args.resolveDir).startsWith('..')) return undefined;
      return bundle.resolve(args.path, { resolveDir: here, kind: args.kind, pluginData: 'app' });
    });
  },
};

const options = {
  absWorkingDir: here,
  entryPoints: { app: 'index.web.ts' },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  tsconfig: join(here, 'tsconfig.json'),
  jsx: 'automatic',
  resolveExtensions: ['.web.tsx', '.web.ts', '.web.jsx', '.web.js', '.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.json'],
  // Some React Native packages ship JSX in .js files.
  loader: { '.js': 'jsx', '.png': 'file', '.jpg': 'file', '.gif': 'file', '.ttf': 'file', '.otf': 'file' },
  define: {
    __DEV__: 'false',
    global: 'globalThis',
    'process.env': '{}',
    'process.env.NODE_ENV': '"production"',
    'process.env.EXPO_OS': '"web"',
    ...(process.env.EXPO_PUBLIC_GROUPCHAT_URL && { 'process.env.EXPO_PUBLIC_GROUPCHAT_URL': JSON.stringify(process.env.EXPO_PUBLIC_GROUPCHAT_URL) }),
  },
  plugins: [appPackages],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
copyFileSync(join(here, 'web', 'index.html'), join(outdir, 'index.html'));
const started = Date.now();
if (serveAt < 0) {
  await build(options);
  console.log(`mobile client (web) built in ${Date.now() - started} ms: ${outdir}`);
} else {
  const served = await (await context(options)).serve({ servedir: outdir, port, host: '127.0.0.1', fallback: join(outdir, 'index.html') });
  console.log(`mobile client (web) at http://127.0.0.1:${served.port}/ (Ctrl-C stops it)`);
}
