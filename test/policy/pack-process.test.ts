import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { groupChatPolicies } from '../../policy-pack/rules';

/**
 * The pack run the way the Pulumi CLI runs it: `@pulumi/pulumi/cmd/run-policy-pack` in the pack's folder,
 * which loads `package.json`'s `main` (the compiled `bin/index.js`) and serves the analyzer over gRPC on
 * loopback; the test then speaks the CLI's side of that protocol.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const grpc = require('@grpc/grpc-js');
const analyzerRpc = require('@pulumi/pulumi/proto/analyzer_grpc_pb');
const analyzerPb = require('@pulumi/pulumi/proto/analyzer_pb');
const { Empty } = require('google-protobuf/google/protobuf/empty_pb');
const { Struct } = require('google-protobuf/google/protobuf/struct_pb');

const ROOT = path.join(__dirname, '..', '..');
const PACK_DIR = path.join(ROOT, 'policy-pack');
const INSTALL_ROOT = path.join(ROOT, 'test-artifacts', 'policy-pack-installed');
const OPEN_BOLT = {
  vpcId: 'vpc-1',
  ingress: [{ protocol: 'tcp', fromPort: 7687, toPort: 7687, cidrBlocks: ['0.0.0.0/0'] }],
};

let child: ChildProcess;
let client: any;

function unary<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

function analyzeRequest(type: string, props: object): unknown {
  const request = new analyzerPb.AnalyzeRequest();
  request.setType(type);
  request.setName('db');
  request.setUrn(`urn:pulumi:test::groupchat::${type}::db`);
  request.setProperties(Struct.fromJavaScript(props));
  request.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return request;
}

/** The analyzer configuration the CLI sends for a `--policy-pack-config` file: per rule a level, or a level and parameters. */
function configureRequest(file: string): unknown {
  const levels: Record<string, number> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
  };
  const request = new analyzerPb.ConfigureAnalyzerRequest();
  const entries = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | { enforcementLevel?: string }>);
  for (const [rule, value] of entries) {
    const { enforcementLevel, ...properties } = typeof value === 'string' ? { enforcementLevel: value } : value;
    const config = new analyzerPb.PolicyConfig();
    if (enforcementLevel !== undefined) config.setEnforcementlevel(levels[enforcementLevel]);
    config.setProperties(Struct.fromJavaScript(properties));
    request.getPolicyconfigMap().set(rule, config);
  }
  return request;
}

async function diagnostics(type: string, props: object): Promise<{ policy: string; level: number; message: string }[]> {
  const response: any = await unary('analyze', analyzeRequest(type, props));
  return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
}

beforeAll(async () => {
  // What `npm run build` does for the pack; repeated here so the test does not depend on a stale build.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(PACK_DIR, 'tsconfig.json')], { cwd: ROOT });
  // Run a copy laid out as users get it, `node_modules/pulumi-groupchat/policy-pack` (what the package ships
  // of it: no repository tsconfig above it, and ts-node ignores TypeScript under node_modules).
  const installed = path.join(INSTALL_ROOT, 'node_modules', 'pulumi-groupchat', 'policy-pack');
  rmSync(INSTALL_ROOT, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  for (const entry of ['PulumiPolicy.yaml', 'package.json', 'tsconfig.json', 'index.ts', 'rules', 'bin']) {
    cpSync(path.join(PACK_DIR, entry), path.join(installed, entry), { recursive: true });
  }
  child = spawn(process.execPath, [require.resolve('@pulumi/pulumi/cmd/run-policy-pack'), '127.0.0.1:1', '.'], { cwd: installed, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /^(\d+)\s/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
  });
  client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(() => {
  client?.close();
  child?.kill();
  rmSync(INSTALL_ROOT, { recursive: true, force: true });
});

describe('the policy pack served as the Pulumi CLI runs it', () => {
  test('it announces every rule, with the pack\'s name and version', async () => {
    const info: any = await unary('getAnalyzerInfo', new Empty());
    expect(info.getName()).toBe('pulumi-groupchat');
    expect(info.getVersion()).toBe('0.1.0');
    expect(info.getPoliciesList().map((p: any) => p.getName()).sort()).toEqual(groupChatPolicies.map((p) => p.name).sort());
    const ingress = info.getPoliciesList().find((p: any) => p.getName() === 'database-no-public-ingress');
    expect(ingress.getEnforcementlevel()).toBe(analyzerPb.EnforcementLevel.MANDATORY);
    expect(ingress.getConfigschema().getProperties().toJavaScript().ports.default).toEqual([7687, 7474, 7473]);
  });

  test('a security group open to the world on Bolt gets a mandatory violation; per-rule config lowers it and sets parameters', async () => {
    expect(await diagnostics('aws:ec2/securityGroup:SecurityGroup', OPEN_BOLT)).toEqual([
      expect.objectContaining({ policy: 'database-no-public-ingress', level: analyzerPb.EnforcementLevel.MANDATORY }),
    ]);

    // What `--policy-pack-config` sends: { "database-no-public-ingress": { "enforcementLevel": "advisory", "ports": [5432] } }.
    const configure = new analyzerPb.ConfigureAnalyzerRequest();
    const config = new analyzerPb.PolicyConfig();
    config.setEnforcementlevel(analyzerPb.EnforcementLevel.ADVISORY);
    config.setProperties(Struct.fromJavaScript({ ports: [7687] }));
    configure.getPolicyconfigMap().set('database-no-public-ingress', config);
    await unary('configure', configure);
    expect(await diagnostics('aws:ec2/securityGroup:SecurityGroup', OPEN_BOLT)).toEqual([
      expect.objectContaining({ policy: 'database-no-public-ingress', level: analyzerPb.EnforcementLevel.ADVISORY }),
    ]);

    config.setProperties(Struct.fromJavaScript({ ports: [5432] }));
    await unary('configure', configure);
    expect(await diagnostics('aws:ec2/securityGroup:SecurityGroup', OPEN_BOLT)).toEqual([]);
  });

  test('policy-pack/throwaway-stack.json (the READMEs\' config for throwaway stacks) makes only the deletion protection rule advisory', async () => {
    const unprotectedPool = { deletionProtection: 'INACTIVE', passwordPolicy: { minimumLength: 14, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true } };
    expect(await diagnostics('aws:cognito/userPool:UserPool', unprotectedPool)).toEqual([
      expect.objectContaining({ policy: 'cognito-user-pool-deletion-protection', level: analyzerPb.EnforcementLevel.MANDATORY }),
    ]);
    await unary('configure', configureRequest(path.join(PACK_DIR, 'throwaway-stack.json')));
    expect(await diagnostics('aws:cognito/userPool:UserPool', unprotectedPool)).toEqual([
      expect.objectContaining({ policy: 'cognito-user-pool-deletion-protection', level: analyzerPb.EnforcementLevel.ADVISORY }),
    ]);
    expect(await diagnostics('aws:ec2/securityGroup:SecurityGroup', OPEN_BOLT)).toEqual([
      expect.objectContaining({ policy: 'database-no-public-ingress', level: analyzerPb.EnforcementLevel.MANDATORY }),
    ]);
  });
});
