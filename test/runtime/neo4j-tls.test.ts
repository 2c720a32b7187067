import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Driver } from 'neo4j-driver';
import { readConfig } from '../../src/runtime/config';
import { createDriver, pinnedCertificateSettings, writeCertificateFile } from '../../src/runtime/neo4j-driver';
import { LOCAL_AWS, LOCAL_AWS_ENVIRONMENT, motoEndpoint, withEnvironment } from './support/aws';

/**
 * Bolt over TLS as the functions run it on AWS: the password and the certificate come from Secrets Manager
 * (moto server), and the "Neo4j" is a TLS server with the instance's key, recording what arrives over TLS.
 * It is not Neo4j, so every connection fails after the handshake; what matters is whether the driver sent
 * Bolt's first bytes (the magic 0x6060B017) over a channel it trusted.
 */

const BOLT_MAGIC = '6060b017';
let scratch: string;
let server: tls.Server;
let port: number;
let received: string[];
let secrets: SecretsManagerClient;
let environment: { restore(): void };
const opened: Driver[] = [];

/** A self-signed certificate for `ip`, made like the instance makes it. */
function selfSigned(name: string, ip: string): { key: string; cert: string } {
  const key = path.join(scratch, `${name}.key`);
  const cert = path.join(scratch, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=neo4j', '-addext', `subjectAltName=IP:${ip}`, '-keyout', key, '-out', cert], { stdio: 'pipe' });
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

async function secret(value?: string): Promise<string> {
  const { ARN } = await secrets.send(new CreateSecretCommand({ Name: `neo4j-${randomUUID()}`, SecretString: value }));
  return ARN!;
}

let instance: { key: string; cert: string };
let passwordArn: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'neo4j-tls-'));
  instance = selfSigned('instance', '127.0.0.1');
  environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_SECRETS_MANAGER: motoEndpoint() });
  secrets = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: motoEndpoint() });
  passwordArn = await secret('local-password');
  server = tls.createServer({ key: instance.key, cert: instance.cert }, (socket) => {
    socket.once('data', (data) => {
      received.push(data.subarray(0, 4).toString('hex'));
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

beforeEach(() => {
  received = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((driver) => driver.close()));
});

afterAll(async () => {
  environment.restore();
  secrets.destroy();
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

/** A driver configured from the environment the components set, and the error its first connection ends with. */
async function connect(variables: Record<string, string>): Promise<string> {
  const driver = await createDriver(readConfig({ NEO4J_USER: 'neo4j', NEO4J_PASSWORD_SECRET_ARN: passwordArn, ...variables }));
  opened.push(driver);
  const error = await driver.verifyConnectivity().then(() => undefined, (e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  return error!.message;
}

describe('Bolt over TLS trusting exactly the instance certificate', () => {
  test('with the instance certificate from its secret, the driver speaks Bolt over TLS', async () => {
    const message = await connect({ NEO4J_URI: `bolt+s://127.0.0.1:${port}`, NEO4J_CERTIFICATE_SECRET_ARN: await secret(instance.cert) });
    expect(received).toContain(BOLT_MAGIC);
    expect(message).not.toMatch(/not trusted/);
  });

  test('another certificate for the same address is refused before any Bolt byte is sent', async () => {
    const impostor = selfSigned('impostor', '127.0.0.1');
    const message = await connect({ NEO4J_URI: `bolt+s://127.0.0.1:${port}`, NEO4J_CERTIFICATE_SECRET_ARN: await secret(impostor.cert) });
    expect(message).toMatch(/Server certificate is not trusted/);
    expect(received).toEqual([]);
  });

  test("the instance's own certificate made for another IP is refused (the address is checked, not only the key)", async () => {
    const elsewhere = selfSigned('elsewhere', '10.9.9.9');
    const mismatched = await new Promise<tls.Server>((resolve) => {
      const other = tls.createServer({ key: elsewhere.key, cert: elsewhere.cert }, (socket) => socket.once('data', (data) => {
        received.push(data.subarray(0, 4).toString('hex'));
        socket.destroy();
      }));
      other.listen(0, '127.0.0.1', () => resolve(other));
    });
    try {
      const otherPort = (mismatched.address() as AddressInfo).port;
      const message = await connect({ NEO4J_URI: `bolt+s://127.0.0.1:${otherPort}`, NEO4J_CERTIFICATE_SECRET_ARN: await secret(elsewhere.cert) });
      expect(message).toMatch(/not trusted.*ERR_TLS_CERT_ALTNAME_INVALID/s);
      expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => mismatched.close(resolve));
    }
  });

  test('a certificate secret with no value yet is named, with what to do', async () => {
    const empty = await secret(undefined);
    await expect(createDriver(readConfig({ NEO4J_URI: `bolt+s://127.0.0.1:${port}`, NEO4J_PASSWORD_SECRET_ARN: passwordArn, NEO4J_CERTIFICATE_SECRET_ARN: empty })))
      .rejects.toThrow(`The secret ${empty} was not found or holds no value yet: the Neo4j instance writes its certificate when it first boots`);
  });

  test('a certificate secret with an unencrypted URI is a deployment error, not a silent plain connection', async () => {
    const certificate = await secret(instance.cert);
    await expect(createDriver(readConfig({ NEO4J_URI: `bolt://127.0.0.1:${port}`, NEO4J_PASSWORD_SECRET_ARN: passwordArn, NEO4J_CERTIFICATE_SECRET_ARN: certificate })))
      .rejects.toThrow('NEO4J_CERTIFICATE_SECRET_ARN is set, so NEO4J_URI must be encrypted (bolt+s:// or neo4j+s://), not "bolt://127.0.0.1');
  });
});

describe('pinned certificate settings', () => {
  test.each([
    ['bolt+s://10.0.7.21:7687', 'bolt://10.0.7.21:7687'],
    ['neo4j+s://db.internal:7687', 'neo4j://db.internal:7687'],
    ['BOLT+S://10.0.7.21', 'bolt://10.0.7.21'],
  ])('%s connects to %s with encryption on and only the given certificate trusted', (uri, plain) => {
    expect(pinnedCertificateSettings(uri, '/tmp/cert.pem')).toEqual({
      uri: plain,
      config: { encrypted: 'ENCRYPTION_ON', trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: ['/tmp/cert.pem'] },
    });
  });

  test.each(['bolt://10.0.7.21:7687', 'bolt+ssc://10.0.7.21:7687', 'neo4j+ssc://x', '10.0.7.21:7687'])('refuses %s', (uri) => {
    expect(() => pinnedCertificateSettings(uri, '/tmp/cert.pem')).toThrow('NEO4J_URI must be encrypted');
  });

  test('a secret that holds something other than one PEM certificate is refused, naming the secret', () => {
    expect(() => writeCertificateFile('pending', 'arn:secret')).toThrow('The secret arn:secret does not hold one PEM certificate');
    expect(() => writeCertificateFile('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n', 'arn:secret')).toThrow('does not hold one PEM certificate');
  });
});
