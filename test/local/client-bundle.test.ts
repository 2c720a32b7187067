import { build } from 'esbuild';
import { join } from 'node:path';

describe('the client SDK', () => {
  it('bundles for a platform without Node, DOM or React (browser, React Native)', async () => {
    const result = await build({
      entryPoints: [join(__dirname, '..', '..', 'src', 'client', 'index.ts')],
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /node_modules\/(react|react-dom|ws|@aws-sdk)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('src/') && !/^src\/(client|contract)\//.test(input))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["']node:|from ["']node:|\bBuffer\.|\bprocess\.env\b|\bdocument\.|\bwindow\./);
  });
});
