import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import neo4j, { Driver } from 'neo4j-driver';
import { RuntimeConfig, required } from './config';
import { SDK_CLIENT_SETTINGS } from './sdk-clients';

/** The password from Secrets Manager (on AWS) or from the plain variable (locally). */
async function neo4jPassword(config: RuntimeConfig): Promise<string> {
  if (config.neo4jPasswordSecretArn) {
    const secrets = new SecretsManagerClient(SDK_CLIENT_SETTINGS);
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: config.neo4jPasswordSecretArn }));
    if (!SecretString) throw new Error(`The secret ${config.neo4jPasswordSecretArn} holds no string.`);
    return SecretString;
  }
  return required(config, 'neo4jPassword');
}

/**
 * One driver per Lambda container: a small pool, connections retired before the NAT gateway's 350-second
 * idle timeout would cut them silently, and transient failures retried for 10 s (not the driver's 30 s
 * default, which is the HTTP API's whole integration timeout).
 */
export async function createDriver(config: RuntimeConfig): Promise<Driver> {
  const password = await neo4jPassword(config);
  return neo4j.driver(required(config, 'neo4jUri'), neo4j.auth.basic(config.neo4jUser, password), {
    maxConnectionPoolSize: 10,
    maxConnectionLifetime: 300_000,
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 10_000,
    disableLosslessIntegers: false,
  });
}
