import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderNeo4jUserData } from '../../src/components/neo4j-user-data';

/**
 * Runs the user-data script end to end under a scratch root, with stand-ins on PATH for the commands that
 * would change the machine or reach AWS (package manager, `aws`, `mkfs`, `mount`, `systemctl`, IMDS through
 * `curl`, …). `openssl` is the real one, so the certificate the script makes is a real certificate.
 */

const PASSWORD = 's3cret-from-secrets-manager';
const VOLUME_ID = 'vol-0123456789abcdef0';
const INPUTS = {
  neo4jVersion: '5.26.30',
  memory: { heapMiB: 1216, pageCacheMiB: 1856 },
  dataVolumeId: VOLUME_ID,
  passwordSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-password-AbCdEf',
  certificateSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-certificate-AbCdEf',
  diskMetricsNamespace: 'GroupChat/Neo4j',
};

/** Each stand-in logs its command line to $STATE/calls, then does what the script relies on. */
const STUBS: Record<string, string> = {
  sleep: '',
  mkfs: 'touch "$STATE/formatted"',
  blkid: `[ -e "$STATE/formatted" ] || exit 2
if [ "$2" = UUID ]; then echo 0f0e0d0c-uuid; fi`,
  mount: '',
  rpm: '',
  dnf: `mkdir -p "$NEO4J_SETUP_ROOT/etc/neo4j"
[ -e "$NEO4J_SETUP_ROOT/etc/neo4j/neo4j.conf" ] || printf '%s\\n' '#server.default_listen_address=0.0.0.0' 'server.directories.data=/var/lib/neo4j/data' '#server.bolt.tls_level=DISABLED' >"$NEO4J_SETUP_ROOT/etc/neo4j/neo4j.conf"`,
  curl: `case "$*" in
  *api/token*) echo imds-token ;;
  *meta-data/local-ipv4*) echo "$PRIVATE_IP" ;;
  *) exit 22 ;;
esac`,
  aws: `secret=""; file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --secret-id) secret=$2; shift ;;
    --secret-string) file=\${2#file://}; shift ;;
  esac
  shift
done
case "$secret" in
  *password*) [ -e "$STATE/password-unreadable" ] && { echo 'AccessDeniedException' >&2; exit 254; }; echo "${PASSWORD}" ;;
  *certificate*)
    if [ -n "$file" ]; then cp "$file" "$STATE/published.pem"
    elif [ -e "$STATE/published.pem" ]; then cat "$STATE/published.pem"
    else echo 'ResourceNotFoundException' >&2; exit 254; fi ;;
esac`,
  chown: '',
  sudo: 'shift 2; exec "$@"',
  'neo4j-admin': `[ -e "$STATE/has-users" ] && { echo 'the database already has users' >&2; exit 1; }
echo "$3" >"$STATE/initial-password"; touch "$STATE/has-users"`,
  'amazon-cloudwatch-agent-ctl': '',
  systemctl: '',
};

let scratch: string;
let root: string;
let state: string;
let bin: string;
let script: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'user-data-boot-'));
  bin = path.join(scratch, 'bin');
  mkdirSync(bin);
  for (const [name, body] of Object.entries(STUBS)) {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/bash\necho "${name} $*" >>"$STATE/calls"\n${body}\n`);
    chmodSync(file, 0o755);
  }
  // The one thing a scratch folder cannot hold is a block device: the stand-in volume is a plain file.
  const rendered = renderNeo4jUserData(INPUTS);
  expect(rendered.split('[ -b "$candidate" ]')).toHaveLength(2);
  script = path.join(scratch, 'user-data.sh');
  writeFileSync(script, rendered.replace('[ -b "$candidate" ]', '[ -e "$candidate" ]'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh machine: an empty root with the folders an AMI has, and a volume that is (or is not) attached. */
function newMachine(options: { volumeAttached?: boolean } = {}): void {
  root = mkdtempSync(path.join(scratch, 'root-'));
  state = mkdtempSync(path.join(scratch, 'state-'));
  for (const dir of ['etc/yum.repos.d', 'var/log', 'dev/disk/by-id']) mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, 'etc/fstab'), '');
  if (options.volumeAttached ?? true) writeFileSync(path.join(root, `dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID.replace(/-/g, '')}`), '');
}

/** The same data volume and published secret, seen by a new instance (new root, same volume state). */
function replaceInstance(): void {
  const previousState = state;
  const previousData = path.join(root, 'data');
  newMachine();
  for (const kept of ['formatted', 'has-users', 'published.pem']) {
    if (existsSync(path.join(previousState, kept))) writeFileSync(path.join(state, kept), readFileSync(path.join(previousState, kept)));
  }
  spawnSync('cp', ['-a', previousData, path.join(root, 'data')]);
  writeFileSync(path.join(root, 'etc/fstab'), '');
}

function boot(privateIp: string): { status: number | null; output: string; calls: string[] } {
  writeFileSync(path.join(state, 'calls'), '');
  const run = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: scratch, NEO4J_SETUP_ROOT: root, STATE: state, PRIVATE_IP: privateIp },
  });
  const calls = readFileSync(path.join(state, 'calls'), 'utf8').split('\n').filter((line) => line !== '');
  return { status: run.status, output: run.stdout + run.stderr, calls };
}

const conf = () => readFileSync(path.join(root, 'etc/neo4j/neo4j.conf'), 'utf8');
const certificateOnDisk = () => readFileSync(path.join(root, 'data/tls/bolt/public.crt'), 'utf8');
const published = () => readFileSync(path.join(state, 'published.pem'), 'utf8');
const named = (calls: string[], command: string) => calls.filter((call) => call.startsWith(`${command} `));

describe('Neo4j user data, run with stand-ins for the system', () => {
  test('first boot on a blank volume: formats it once, mounts it, installs, sets up TLS and the password, starts Neo4j last', () => {
    newMachine();
    const { status, output, calls } = boot('10.0.7.21');
    expect({ status, output }).toEqual({ status: 0, output: expect.any(String) });

    expect(named(calls, 'mkfs')).toEqual([`mkfs -t xfs ${path.join(root, 'dev/disk/by-id', `nvme-Amazon_Elastic_Block_Store_${VOLUME_ID.replace(/-/g, '')}`)}`]);
    expect(readFileSync(path.join(root, 'etc/fstab'), 'utf8')).toBe(`UUID=0f0e0d0c-uuid ${root}/data xfs defaults,nofail 0 2\n`);
    expect(named(calls, 'mount')).toEqual(['mount -a']);
    expect(named(calls, 'dnf')).toEqual(['dnf install -y java-21-amazon-corretto-headless neo4j-5.26.30 amazon-cloudwatch-agent']);

    const certificate = new X509Certificate(certificateOnDisk());
    expect(certificate.subjectAltName).toBe('IP Address:10.0.7.21');
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(published()).toBe(certificateOnDisk());
    expect(readFileSync(path.join(root, 'data/tls/bolt/private.key'), 'utf8')).toContain('PRIVATE KEY');
    expect(existsSync(path.join(root, 'data/tls/bolt/trusted'))).toBe(true);

    const settings = conf();
    expect(settings).toContain('server.bolt.tls_level=REQUIRED\n');
    expect(settings).toContain(`dbms.ssl.policy.bolt.base_directory=${root}/data/tls/bolt\n`);
    expect(settings).toContain('dbms.ssl.policy.bolt.client_auth=NONE\n');
    expect(settings).toContain(`server.directories.data=${root}/data/neo4j\n`);
    expect(settings).toContain('server.memory.heap.max_size=1216m\n');
    expect(settings).not.toContain('#server.default_listen_address');
    expect(settings).not.toContain('/var/lib/neo4j/data');
    expect(settings).not.toContain('DISABLED');

    expect(readFileSync(path.join(state, 'initial-password'), 'utf8')).toBe(`${PASSWORD}\n`);
    expect(readFileSync(path.join(root, 'var/log/neo4j-setup.log'), 'utf8')).not.toContain(PASSWORD);

    const agent = JSON.parse(readFileSync(path.join(root, 'opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json'), 'utf8'));
    expect(agent.metrics).toEqual({
      namespace: 'GroupChat/Neo4j',
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['InstanceId', 'path']],
      metrics_collected: { disk: { resources: ['/data'], measurement: ['used_percent'], metrics_collection_interval: 60 } },
    });
    expect(named(calls, 'amazon-cloudwatch-agent-ctl')).toHaveLength(1);
    expect(calls[calls.length - 1]).toBe('systemctl enable --now neo4j');
  });

  test('a replacement instance with the same IP keeps the data, the certificate and the stored password', () => {
    const before = certificateOnDisk();
    replaceInstance();
    const { status, output, calls } = boot('10.0.7.21');
    expect(status).toBe(0);
    expect(named(calls, 'mkfs')).toEqual([]);
    expect(readFileSync(path.join(root, 'etc/fstab'), 'utf8').match(/UUID=/g)).toHaveLength(1);
    expect(certificateOnDisk()).toBe(before);
    expect(calls.some((call) => call.includes('put-secret-value'))).toBe(false);
    expect(output).toContain('initial password not set: the data volume already has users');
    expect(calls[calls.length - 1]).toBe('systemctl enable --now neo4j');
  });

  test('a replacement instance with a new IP makes and publishes a certificate for it', () => {
    replaceInstance();
    const { status, calls } = boot('10.0.7.99');
    expect(status).toBe(0);
    expect(named(calls, 'mkfs')).toEqual([]);
    expect(new X509Certificate(certificateOnDisk()).subjectAltName).toBe('IP Address:10.0.7.99');
    expect(published()).toBe(certificateOnDisk());
  });

  test('a password it cannot read stops the setup before Neo4j starts', () => {
    newMachine();
    writeFileSync(path.join(state, 'password-unreadable'), '');
    const { status, output, calls } = boot('10.0.7.21');
    expect(status).not.toBe(0);
    expect(output).toContain('AccessDeniedException');
    expect(named(calls, 'neo4j-admin')).toEqual([]);
    expect(named(calls, 'systemctl')).toEqual([]);
  });

  test('a volume that never attaches fails after 120 tries, touching no disk', () => {
    newMachine({ volumeAttached: false });
    const { status, output, calls } = boot('10.0.7.21');
    expect(status).toBe(1);
    expect(output).toContain(`data volume ${VOLUME_ID} was not attached within 10 minutes`);
    expect(named(calls, 'sleep')).toHaveLength(120);
    expect(named(calls, 'mkfs')).toEqual([]);
    expect(named(calls, 'dnf')).toEqual([]);
  });
});
