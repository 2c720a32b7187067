import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { readConfig, required } from '../../src/runtime/config';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { driver } from '../../src/runtime/services/neo4j';
import { LOCAL_AWS, LOCAL_AWS_ENVIRONMENT, motoEndpoint, withEnvironment } from './support/aws';

describe('readConfig', () => {
  test('reads the variables the components set, with the documented defaults', () => {
    const config = readConfig({
      NEO4J_URI: 'bolt://10.0.1.5:7687',
      NEO4J_PASSWORD_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:neo4j',
      CONNECTIONS_TABLE: 'connections',
      EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:events',
      WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc.execute-api.us-east-1.amazonaws.com/live',
      AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool/',
      AUTH_CLIENT_ID: 'client',
    });
    expect(config).toEqual({
      neo4jUri: 'bolt://10.0.1.5:7687',
      neo4jUser: 'neo4j',
      neo4jPassword: undefined,
      neo4jPasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:neo4j',
      connectionsTable: 'connections',
      eventsTopicArn: 'arn:aws:sns:us-east-1:123456789012:events',
      managementEndpoint: 'https://abc.execute-api.us-east-1.amazonaws.com/live',
      authIssuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
      authClientId: 'client',
      authJwksUri: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool/.well-known/jwks.json',
      fanoutBatchSize: 250,
      fanoutConcurrency: 50,
      rateLimitPerSecond: 10,
      rateLimitBurst: 20,
    });
  });

  test('AUTH_JWKS_URI wins over the issuer default (the local identity provider)', () => {
    expect(readConfig({ AUTH_ISSUER: 'http://127.0.0.1:3000/_local/auth', AUTH_JWKS_URI: 'http://127.0.0.1:3000/jwks' }).authJwksUri).toBe(
      'http://127.0.0.1:3000/jwks',
    );
  });

  test.each(['0', '-3', '2.5', 'many'])('FANOUT_BATCH_SIZE=%s is refused with the variable named', (value) => {
    expect(() => readConfig({ FANOUT_BATCH_SIZE: value })).toThrow(`FANOUT_BATCH_SIZE must be a positive whole number, not "${value}".`);
  });

  test('RATE_LIMIT_PER_SECOND and RATE_LIMIT_BURST size the buckets; a bad one is refused with the variable named', () => {
    expect(readConfig({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '7' })).toMatchObject({ rateLimitPerSecond: 2, rateLimitBurst: 7 });
    expect(() => readConfig({ RATE_LIMIT_BURST: '0' })).toThrow('RATE_LIMIT_BURST must be a positive whole number, not "0".');
  });

  test('a missing required setting names its environment variable', () => {
    expect(() => required(readConfig({}), 'connectionsTable')).toThrow('The environment variable CONNECTIONS_TABLE is not set.');
  });
});

describe('the Neo4j driver of the container', () => {
  let environment: { restore(): void };

  beforeAll(() => {
    environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_SECRETS_MANAGER: motoEndpoint() });
  });

  afterEach(() => resetRuntime());
  afterAll(() => environment.restore());

  test('takes the password from the Secrets Manager secret, once, and is shared by every later call', async () => {
    const secrets = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: motoEndpoint() });
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: `neo4j-password-${randomUUID()}`, SecretString: process.env.NEO4J_PASSWORD ?? 'neo4j' }),
    );
    secrets.destroy();
    configureRuntime({ config: { neo4jUri: process.env.NEO4J_URI, neo4jUser: process.env.NEO4J_USER ?? 'neo4j', neo4jPasswordSecretArn: ARN } });
    const fetches = jest.spyOn(SecretsManagerClient.prototype, 'send');

    const [first, second] = await Promise.all([driver(), driver()]);
    expect(second).toBe(first);
    expect(await driver()).toBe(first);
    await first.verifyAuthentication();
    expect(fetches).toHaveBeenCalledTimes(1);
    fetches.mockRestore();
  });

  test('a secret that does not exist fails the call, and the next call tries again', async () => {
    configureRuntime({
      config: { neo4jUri: process.env.NEO4J_URI, neo4jPasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf' },
    });
    await expect(driver()).rejects.toThrow(/can't find|not found|ResourceNotFound/i);
    await expect(driver()).rejects.toThrow(/can't find|not found|ResourceNotFound/i);
  });

  test('without a secret the plain NEO4J_PASSWORD (local runtime only) is used', async () => {
    configureRuntime({ config: { neo4jUri: process.env.NEO4J_URI, neo4jPassword: process.env.NEO4J_PASSWORD ?? 'neo4j' } });
    await (await driver()).verifyAuthentication();
  });
});
