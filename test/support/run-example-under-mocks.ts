import * as pulumi from '@pulumi/pulumi';
import { FullDeploymentOutputs, FullDeploymentSettings, fullDeployment } from '../../examples/full-deployment/deployment';
import { RecordingMocks, settle } from './pulumi-mocks';

/** One resource the example deployment creates, with its inputs as Pulumi would send them (secrets unwrapped). */
export interface ExampleResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The inputs plus what the provider would compute (ids, ARNs, names), as after `pulumi up`. */
  outputs: Record<string, unknown>;
  id: string;
}

/** The settings the example runs with under mocks: fake Google credentials, no web client build. */
export const EXAMPLE_TEST_SETTINGS: FullDeploymentSettings = {
  googleClientId: pulumi.secret('test-client.apps.googleusercontent.com'),
  googleClientSecret: pulumi.secret('GOCSPX-test-secret'),
  cognitoDomainPrefix: 'groupchat-test',
  webClientDir: '/nonexistent/web-client/dist',
};

const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (SECRET_SIG_KEY in record) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, unwrapSecrets(inner)]));
  }
  return value;
}

/** Everything one run of the example under mocks produced. */
export interface ExampleRun {
  resources: ExampleResource[];
  outputs: FullDeploymentOutputs;
  /** The invoke tokens the program called. */
  calls: string[];
}

/**
 * Runs the example deployment's program under `pulumi.runtime.setMocks` (no cloud, no CLI) and returns
 * every resource it registered, components included (their types start with `groupchat:index:`).
 * Each call installs fresh mocks, so runs do not see each other's resources.
 */
export async function runExampleUnderMocksWithOutputs(settings: Partial<FullDeploymentSettings> = {}): Promise<ExampleRun> {
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, 'groupchat-full-deployment', 'test', false);
  const outputs = fullDeployment({ ...EXAMPLE_TEST_SETTINGS, ...settings });
  await settle();
  const resources = mocks.resources.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: unwrapSecrets(r.inputs) as Record<string, unknown>,
    outputs: unwrapSecrets(r.outputs) as Record<string, unknown>,
    id: r.id,
  }));
  return { resources, outputs, calls: [...mocks.calls] };
}

/** The resources `{type, name, inputs}` the example deployment creates under mocks. */
export async function runExampleUnderMocks(settings: Partial<FullDeploymentSettings> = {}): Promise<ExampleResource[]> {
  return (await runExampleUnderMocksWithOutputs(settings)).resources;
}
