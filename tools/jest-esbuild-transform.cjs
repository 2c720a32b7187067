// Jest transform: strips TypeScript with esbuild (type checking is `npm run typecheck`'s job).
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha256').update(path).update('\0').update(source).digest('hex');
  },
  process(source, path) {
    const loader = path.endsWith('x') ? 'tsx' : 'ts';
    const { code, map } = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      sourcefile: path,
      jsx: 'automatic',
    });
    return { code, map };
  },
};
