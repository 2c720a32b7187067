import {
  lambdaLogGroupRetention,
  lambdaNoSecretEnvironmentVariables,
  lambdaSupportedNodejsRuntime,
  nodeMajorVersion,
  suggestsSecret,
} from '../../policy-pack/rules/lambda';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, StackResourceSpec, UNKNOWN_STRING, runResourcePolicy, runStackPolicy, withChange } from './policy-harness';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:neo4j-password-AbCdEf';
const FUNCTION: Props = {
  name: 'chat-api-x7k2m9q4',
  role: 'arn:aws:iam::123456789012:role/chat-api',
  runtime: 'nodejs22.x',
  handler: 'index.handler',
  environment: {
    variables: {
      NEO4J_URI: 'bolt://10.0.7.21:7687',
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD_SECRET_ARN: SECRET_ARN,
      AUTH_CLIENT_ID: 'client-id',
      AUTH_JWKS_URI: 'https://issuer/.well-known/jwks.json',
      EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:events',
    },
  },
  loggingConfig: { logFormat: 'JSON', logGroup: '/aws/lambda/chat-api-x7k2m9q4' },
};

describe('lambda-supported-nodejs-runtime', () => {
  test.each(['nodejs20.x', 'nodejs22.x', 'nodejs24.x'])('%s passes', async (runtime) => {
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, withChange(FUNCTION, 'runtime', runtime))).violations).toEqual([]);
  });

  test.each(['nodejs18.x', 'nodejs16.x', 'nodejs4.3', 'nodejs', 'python3.13', 'provided.al2023', ''])('%s trips it', async (runtime) => {
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, withChange(FUNCTION, 'runtime', runtime))).violations).toHaveLength(1);
  });

  test('no runtime trips it, unless the function is a container image', async () => {
    const noRuntime = withChange(FUNCTION, 'runtime', undefined);
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, noRuntime)).violations).toHaveLength(1);
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, { ...noRuntime, packageType: 'Image' })).violations).toEqual([]);
  });

  test('the minimum version and other allowed runtimes come from the config', async () => {
    const python = withChange(FUNCTION, 'runtime', 'python3.13');
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, python, { allowedRuntimes: ['python3.13'] })).violations).toEqual([]);
    expect((await runResourcePolicy(lambdaSupportedNodejsRuntime, AWS.lambdaFunction, FUNCTION, { minimumNodeVersion: 24 })).violations).toHaveLength(1);
  });

  test('nodeMajorVersion reads the major version of Node.js runtimes only', () => {
    expect([nodeMajorVersion('nodejs22.x'), nodeMajorVersion('nodejs4.3'), nodeMajorVersion('nodejs'), nodeMajorVersion('python3.12')]).toEqual([22, 4, 0, undefined]);
  });
});

describe('lambda-no-secret-environment-variables', () => {
  test('the handlers\' variables (a secret ARN, no secret in clear) pass', async () => {
    expect((await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, FUNCTION)).violations).toEqual([]);
  });

  test.each([
    ['NEO4J_PASSWORD', 'hunter2hunter2'],
    ['DB_SECRET', 's3cr3t'],
    ['GOOGLE_CLIENT_SECRET', 'GOCSPX-abc'],
    ['API_TOKEN', 'tok_123'],
    ['STRIPE_KEY', 'sk_live_123'],
    ['apiKey', 'abc'],
    ['signingPrivateKey', '-----BEGIN PRIVATE KEY-----'],
    ['NEO4J_PASSWORD_SECRET_ARN', 'hunter2hunter2'],
    ['DB_PASSWORD', UNKNOWN_STRING],
  ])('%s=%s trips it', async (name, value) => {
    const outcome = await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, withChange(FUNCTION, `environment.variables.${name}`, value));
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.violations[0]).toContain(name);
  });

  test.each([
    ['NEO4J_PASSWORD_SECRET_ARN', 'arn:aws:ssm:us-east-1:123456789012:parameter/neo4j-password'],
    ['NEO4J_PASSWORD_SECRET_ARN', UNKNOWN_STRING],
    ['MONKEY_COUNT', '3'],
    ['DB_PASSWORD', ''],
  ])('%s=%s passes', async (name, value) => {
    expect((await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, withChange(FUNCTION, `environment.variables.${name}`, value))).violations).toEqual([]);
  });

  test('allowed variable names come from the config', async () => {
    const props = withChange(FUNCTION, 'environment.variables.CACHE_KEY_PREFIX', 'chat:');
    expect((await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, props, { allowedVariableNames: ['CACHE_KEY_PREFIX'] })).violations).toEqual([]);
  });

  test('a function without environment passes', async () => {
    expect((await runResourcePolicy(lambdaNoSecretEnvironmentVariables, AWS.lambdaFunction, withChange(FUNCTION, 'environment', undefined))).violations).toEqual([]);
  });

  test.each([
    ['AUTH_JWKS_URI', false], ['EVENTS_TOPIC_ARN', false], ['NEO4J_USER', false],
    ['NEO4J_PASSWORD', true], ['x-api-key', true], ['refreshToken', true], ['DB_PWD', true], ['AWS_SECRET_ACCESS_KEY', true],
  ])('suggestsSecret(%s) is %s', (name, expected) => {
    expect(suggestsSecret(name)).toBe(expected);
  });
});

describe('lambda-log-group-retention (stack)', () => {
  const fn = (props: Props = FUNCTION, propertyDependencies?: Record<string, string[]>): StackResourceSpec =>
    ({ type: AWS.lambdaFunction, name: 'chat-api', props, propertyDependencies });
  const group = (name: unknown, retention: Props = { retentionInDays: 30 }): StackResourceSpec =>
    ({ type: AWS.logGroup, name: 'chat-api-logs', props: { name, ...retention } });
  const run = (resources: StackResourceSpec[]) => runStackPolicy(lambdaLogGroupRetention, resources);

  test('a function with its log group (named in loggingConfig) with retention passes', async () => {
    expect((await run([group('/aws/lambda/chat-api-x7k2m9q4'), fn()])).violations).toEqual([]);
  });

  test('without loggingConfig, the default group /aws/lambda/<name> counts', async () => {
    expect((await run([group('/aws/lambda/chat-api-x7k2m9q4'), fn(withChange(FUNCTION, 'loggingConfig', undefined))])).violations).toEqual([]);
    expect((await run([group('/aws/lambda/custom'), fn(withChange(FUNCTION, 'loggingConfig.logGroup', '/aws/lambda/custom'))])).violations).toEqual([]);
  });

  test.each([
    ['no log group in the stack', [fn()]],
    ['a log group with another name', [group('/aws/lambda/other'), fn()]],
    ['the default group missing when loggingConfig names none', [group('/aws/lambda/custom'), fn(withChange(FUNCTION, 'loggingConfig', undefined))]],
    ['the log group without retention', [group('/aws/lambda/chat-api-x7k2m9q4', {}), fn()]],
    ['the log group with retention 0 (never expire)', [group('/aws/lambda/chat-api-x7k2m9q4', { retentionInDays: 0 }), fn()]],
  ])('%s trips it, against the function', async (_, resources) => {
    const outcome = await run(resources as StackResourceSpec[]);
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.urns[0]).toContain('aws:lambda/function:Function::chat-api');
  });

  test('during preview an unknown log group name is followed through the dependency on the group', async () => {
    const unknownName = withChange(FUNCTION, 'loggingConfig.logGroup', UNKNOWN_STRING);
    expect((await run([group(UNKNOWN_STRING), fn(unknownName, { loggingConfig: ['chat-api-logs'] })])).violations).toEqual([]);
    expect((await run([group(UNKNOWN_STRING, {}), fn(unknownName, { loggingConfig: ['chat-api-logs'] })])).violations).toHaveLength(1);
  });

  test('a stack without functions is not applicable', async () => {
    expect((await run([group('/aws/lambda/x')])).notApplicable).toBe(true);
  });
});
