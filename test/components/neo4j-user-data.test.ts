import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { neo4jMemory, renderNeo4jUserData } from '../../src/components/neo4j-user-data';

const INPUTS = {
  neo4jVersion: '5.26.30',
  memory: { heapMiB: 1216, pageCacheMiB: 1856 },
  dataVolumeId: 'vol-0123456789abcdef0',
  passwordSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-db-password-AbCdEf',
  certificateSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-db-certificate-AbCdEf',
  diskMetricsNamespace: 'GroupChat/Neo4j',
};

describe('Neo4j user data', () => {
  test('passes shellcheck', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'user-data-')), 'user-data.sh');
    writeFileSync(file, renderNeo4jUserData(INPUTS));
    // shellcheck exits non-zero and prints the findings when it finds anything.
    expect(() => execFileSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  test('is kept as a snapshot', () => {
    expect(renderNeo4jUserData(INPUTS)).toMatchSnapshot();
  });

  test('pins the version, mounts the volume by id and reads the password from the secret, never embedding it', () => {
    const script = renderNeo4jUserData(INPUTS);
    expect(script).toContain("NEO4J_VERSION='5.26.30'");
    expect(script).toContain('"neo4j-$NEO4J_VERSION"');
    expect(script).toContain('nvme-Amazon_Elastic_Block_Store_${DATA_VOLUME_ID//-/}');
    expect(script).toContain('aws secretsmanager get-secret-value --region "$REGION" --secret-id "$PASSWORD_SECRET_ARN"');
    expect(script).toContain('set_conf server.memory.heap.max_size "${HEAP_MIB}m"');
    expect(script).toContain('HEAP_MIB=1216\nPAGE_CACHE_MIB=1856');
  });

  test('requires TLS on Bolt with a certificate for the private IP, published to the certificate secret', () => {
    const script = renderNeo4jUserData(INPUTS);
    expect(script).toContain("CERTIFICATE_SECRET_ARN='arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-db-certificate-AbCdEf'");
    expect(script).toContain('set_conf server.bolt.tls_level REQUIRED');
    expect(script).toContain('set_conf dbms.ssl.policy.bolt.enabled true');
    expect(script).toContain('-addext "subjectAltName=IP:$private_ip"');
    expect(script).toContain('aws secretsmanager put-secret-value --region "$REGION" --secret-id "$CERTIFICATE_SECRET_ARN"');
  });

  test.each([
    ['neo4jVersion', { neo4jVersion: "5.26'; rm -rf /" }],
    ['dataVolumeId', { dataVolumeId: 'vol-1 $(reboot)' }],
    ['passwordSecretArn', { passwordSecretArn: 'arn:aws:x`id`' }],
    ['certificateSecretArn', { certificateSecretArn: 'arn:aws:x"; reboot' }],
    ['diskMetricsNamespace', { diskMetricsNamespace: 'GroupChat/$(id)' }],
  ])('refuses a %s that could break out of the quotes', (arg, change) => {
    expect(() => renderNeo4jUserData({ ...INPUTS, ...change })).toThrow(new RegExp(`Refusing to put ${arg}`));
  });
});

describe('Neo4j memory sizing', () => {
  test.each([
    [2048, { heapMiB: 384, pageCacheMiB: 640 }],
    [4096, { heapMiB: 1216, pageCacheMiB: 1856 }],
    [16384, { heapMiB: 5888, pageCacheMiB: 8832 }],
    [262144, { heapMiB: 31744, pageCacheMiB: 204160 }],
  ])('an instance with %d MiB', (memory, expected) => {
    expect(neo4jMemory(memory)).toEqual(expected);
  });

  test('heap, page cache and the OS share never exceed the instance memory, and both Neo4j pools are non-empty', () => {
    for (let memory = 2048; memory <= 1 << 20; memory += 1536) {
      const { heapMiB, pageCacheMiB } = neo4jMemory(memory);
      expect(heapMiB).toBeGreaterThan(0);
      expect(pageCacheMiB).toBeGreaterThan(0);
      expect(heapMiB).toBeLessThanOrEqual(31 * 1024);
      expect(heapMiB + pageCacheMiB + Math.max(1024, memory * 0.1)).toBeLessThanOrEqual(memory);
    }
  });

  test('refuses instances under 2 GiB', () => {
    expect(() => neo4jMemory(1024)).toThrow('at least 2048 MiB');
  });
});
