import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import neo4j, { Config, Driver } from 'neo4j-driver';
import { RuntimeConfig, required } from './config';
import { SDK_CLIENT_SETTINGS } from './sdk-clients';

/** The string a Secrets Manager secret holds; `missing` says what it means when the secret has no value yet. */
async function readSecret(secretArn: string, missing: string): Promise<string> {
  const secrets = new SecretsManagerClient(SDK_CLIENT_SETTINGS);
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (SecretString) return SecretString;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  throw new Error(`The secret ${secretArn} was not found or holds no value yet: ${missing}`);
}

/** The password from Secrets Manager (on AWS) or from the plain variable (locally). */
async function neo4jPassword(config: RuntimeConfig): Promise<string> {
  if (config.neo4jPasswordSecretArn) {
    return readSecret(config.neo4jPasswordSecretArn, 'the Neo4jInstance component writes the password.');
  }
  return required(config, 'neo4jPassword');
}

const ENCRYPTED_SCHEMES: Record<string, string> = { 'bolt+s:': 'bolt:', 'neo4j+s:': 'neo4j:' };

/**
 * The URI and driver settings that trust exactly one certificate (the file at `certificateFile`) and verify
 * that it names the host. The driver takes encryption either from the URI scheme (`+s`: the system's CAs)
 * or from its settings, not both, so the `+s` of the URI becomes `encrypted: 'ENCRYPTION_ON'` with
 * `TRUST_CUSTOM_CA_SIGNED_CERTIFICATES`.
 */
export function pinnedCertificateSettings(uri: string, certificateFile: string): { uri: string; config: Config } {
  const scheme = /^[a-z0-9+]+:/i.exec(uri)?.[0].toLowerCase() ?? '';
  const plain = ENCRYPTED_SCHEMES[scheme];
  if (plain === undefined) {
    throw new Error(`NEO4J_CERTIFICATE_SECRET_ARN is set, so NEO4J_URI must be encrypted (bolt+s:// or neo4j+s://), not "${uri}".`);
  }
  return {
    uri: plain + uri.slice(scheme.length),
    config: { encrypted: 'ENCRYPTION_ON', trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: [certificateFile] },
  };
}

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\s*$/;

/** Writes the certificate where the driver reads it (the driver takes file paths); the name is its hash, so one file per certificate. */
export function writeCertificateFile(pem: string, source: string): string {
  if (!PEM_CERTIFICATE.test(pem.trim())) {
    throw new Error(`The secret ${source} does not hold one PEM certificate ("-----BEGIN CERTIFICATE-----" …).`);
  }
  const file = join(tmpdir(), `neo4j-bolt-${createHash('sha256').update(pem).digest('hex').slice(0, 16)}.pem`);
  writeFileSync(file, pem, { mode: 0o644 });
  return file;
}

/** Where the driver connects, and with which TLS settings. */
async function connectionSettings(config: RuntimeConfig): Promise<{ uri: string; config: Config }> {
  const uri = required(config, 'neo4jUri');
  const secretArn = config.neo4jCertificateSecretArn;
  if (!secretArn) return { uri, config: {} };
  const pem = await readSecret(secretArn, 'the Neo4j instance writes its certificate when it first boots; try again in a few minutes.');
  return pinnedCertificateSettings(uri, writeCertificateFile(pem, secretArn));
}

/**
 * The driver's settings for a Lambda function, the same under every URI scheme: `bolt://` and `bolt+s://` (one
 * server), `neo4j://` and `neo4j+s://` (routing: Aura or a cluster; it works against one server too), where reads
 * (`executeRead`, READ sessions) go to readers and writes (`executeWrite`) to the leader.
 */
export const LAMBDA_DRIVER_SETTINGS = {
  // A container serves one request at a time; a handful of connections covers a request's parallel reads, and a
  // small pool keeps (containers x pool) under the server's Bolt threads and Aura's connection limits.
  maxConnectionPoolSize: 10,
  // Connections retire after 300 s, before the NAT gateway's 350-second idle timeout cuts them silently (a cut
  // connection fails the next request that borrows it). Aura closes idle connections sooner still; the driver
  // notices that on acquisition and opens a new one.
  maxConnectionLifetime: 300_000,
  // Waiting for a pooled connection gives up after 10 s, well inside the functions' 29-second timeout (the HTTP
  // API's integration limit), so a starved pool answers 503 rather than the function timing out.
  connectionAcquisitionTimeout: 10_000,
  connectionTimeout: 5_000,
  // Transient failures (a leader switch on a cluster, a deadlock) are retried for 10 s, not the driver's 30 s.
  maxTransactionRetryTime: 10_000,
  disableLosslessIntegers: false,
} as const satisfies Config;

/**
 * One driver per Lambda container, with {@link LAMBDA_DRIVER_SETTINGS}. With a certificate secret, Bolt runs over
 * TLS trusting that certificate only; a `+s` URI without one is verified against the system's CAs (Aura's case).
 */
export async function createDriver(config: RuntimeConfig): Promise<Driver> {
  const [password, target] = await Promise.all([neo4jPassword(config), connectionSettings(config)]);
  return neo4j.driver(target.uri, neo4j.auth.basic(config.neo4jUser, password), { ...target.config, ...LAMBDA_DRIVER_SETTINGS });
}
