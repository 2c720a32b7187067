/** Neo4j memory settings derived from the instance's memory. */
export interface Neo4jMemory {
  heapMiB: number;
  pageCacheMiB: number;
}

/** The smallest instance Neo4j runs on with these settings. */
export const MIN_NEO4J_INSTANCE_MEMORY_MIB = 2048;

const floorTo64 = (mib: number) => Math.floor(mib / 64) * 64;

/**
 * Splits an instance's memory between the OS, the JVM heap and the page cache: the OS keeps 1 GiB or
 * 10 % (whichever is more), the heap gets 40 % of the rest (at most 31 GiB, to keep compressed object
 * pointers), and the page cache gets what remains.
 */
export function neo4jMemory(instanceMemoryMiB: number): Neo4jMemory {
  if (!Number.isFinite(instanceMemoryMiB) || instanceMemoryMiB < MIN_NEO4J_INSTANCE_MEMORY_MIB) {
    throw new Error(`Neo4j needs an instance type with at least ${MIN_NEO4J_INSTANCE_MEMORY_MIB} MiB of memory; this one has ${instanceMemoryMiB} MiB.`);
  }
  const available = instanceMemoryMiB - Math.max(1024, instanceMemoryMiB * 0.1);
  const heapMiB = floorTo64(Math.min(31 * 1024, available * 0.4));
  return { heapMiB, pageCacheMiB: floorTo64(available - heapMiB) };
}

/** What the user-data script needs. None of it is secret: the password is read from Secrets Manager at boot. */
export interface Neo4jUserDataInputs {
  neo4jVersion: string;
  memory: Neo4jMemory;
  dataVolumeId: string;
  passwordSecretArn: string;
  /** The secret the script publishes Bolt's certificate to (its public part), for the functions to trust. */
  certificateSecretArn: string;
  /** CloudWatch namespace of the data volume's disk metrics (the CloudWatch agent's). */
  diskMetricsNamespace: string;
}

/** Where the data volume is mounted; the disk metrics and their alarm name it as the `path` dimension. */
export const NEO4J_DATA_DIR = '/data';

const SAFE_VALUE = /^[A-Za-z0-9:/._+-]+$/;

function shellValue(name: string, value: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new Error(`Refusing to put ${name} "${value}" into the user-data script: only letters, digits and : / . _ + - are allowed.`);
  }
  return `'${value}'`;
}

/**
 * The boot script of the Neo4j instance (Amazon Linux 2023): mounts the data volume (formatting it only
 * when it is blank, so data survives instance replacement), installs Java 21 and Neo4j at the pinned
 * version from Neo4j's RPM repository, writes memory and listen settings, makes Bolt's TLS certificate
 * for the instance's private IP (kept on the data volume, made again only when the IP changes) and
 * publishes its public part to Secrets Manager, sets the initial password read from Secrets Manager with
 * the instance role, starts the CloudWatch agent for the data volume's disk metrics, and starts Neo4j.
 *
 * Every path hangs off `$ROOT` (empty on EC2), so a test can run the script under a scratch folder with
 * stand-ins for the system commands.
 */
export function renderNeo4jUserData(inputs: Neo4jUserDataInputs): string {
  return `#!/bin/bash
# Neo4j for pulumi-groupchat, rendered by the Neo4jInstance component.
set -euo pipefail
ROOT=\${NEO4J_SETUP_ROOT:-}
exec > >(tee -a "$ROOT/var/log/neo4j-setup.log") 2>&1

NEO4J_VERSION=${shellValue('neo4jVersion', inputs.neo4jVersion)}
HEAP_MIB=${inputs.memory.heapMiB}
PAGE_CACHE_MIB=${inputs.memory.pageCacheMiB}
DATA_VOLUME_ID=${shellValue('dataVolumeId', inputs.dataVolumeId)}
PASSWORD_SECRET_ARN=${shellValue('passwordSecretArn', inputs.passwordSecretArn)}
CERTIFICATE_SECRET_ARN=${shellValue('certificateSecretArn', inputs.certificateSecretArn)}
DISK_METRICS_NAMESPACE=${shellValue('diskMetricsNamespace', inputs.diskMetricsNamespace)}
REGION=$(cut -d: -f4 <<<"$PASSWORD_SECRET_ARN")
DATA_DIR="$ROOT${NEO4J_DATA_DIR}"
TLS_DIR="$DATA_DIR/tls/bolt"

# The data volume is attached after the instance starts: wait for it (Nitro exposes it by volume id).
device=""
for _ in $(seq 1 120); do
  for candidate in "$ROOT/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_\${DATA_VOLUME_ID//-/}" "$ROOT/dev/xvdf" "$ROOT/dev/sdf"; do
    if [ -b "$candidate" ]; then
      device=$(readlink -f "$candidate")
      break 2
    fi
  done
  sleep 5
done
if [ -z "$device" ]; then
  echo "data volume $DATA_VOLUME_ID was not attached within 10 minutes" >&2
  exit 1
fi
if ! blkid "$device" >/dev/null 2>&1; then
  mkfs -t xfs "$device"
fi
uuid=$(blkid -s UUID -o value "$device")
mkdir -p "$DATA_DIR"
if ! grep -q "UUID=$uuid" "$ROOT/etc/fstab"; then
  echo "UUID=$uuid $DATA_DIR xfs defaults,nofail 0 2" >>"$ROOT/etc/fstab"
fi
mount -a

rpm --import https://debian.neo4j.com/neotechnology.gpg.key
cat >"$ROOT/etc/yum.repos.d/neo4j.repo" <<'REPO'
[neo4j]
name=Neo4j RPM Repository
baseurl=https://yum.neo4j.com/stable/5
enabled=1
gpgcheck=1
REPO
dnf install -y java-21-amazon-corretto-headless "neo4j-$NEO4J_VERSION" amazon-cloudwatch-agent

# Bolt's certificate names the private IP the functions connect to; a replaced instance has a new IP.
imds_token=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
private_ip=$(curl -sS -H "X-aws-ec2-metadata-token: $imds_token" http://169.254.169.254/latest/meta-data/local-ipv4)
mkdir -p "$TLS_DIR/trusted" "$TLS_DIR/revoked"
if ! openssl x509 -in "$TLS_DIR/public.crt" -noout -ext subjectAltName 2>/dev/null | grep -Fxq "    IP Address:$private_ip"; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \\
    -subj "/CN=neo4j" -addext "subjectAltName=IP:$private_ip" \\
    -keyout "$TLS_DIR/private.key" -out "$TLS_DIR/public.crt"
fi
chmod 600 "$TLS_DIR/private.key"
published=$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$CERTIFICATE_SECRET_ARN" --query SecretString --output text 2>/dev/null || true)
if [ "$published" != "$(cat "$TLS_DIR/public.crt")" ]; then
  aws secretsmanager put-secret-value --region "$REGION" --secret-id "$CERTIFICATE_SECRET_ARN" --secret-string "file://$TLS_DIR/public.crt"
fi

mkdir -p "$DATA_DIR/neo4j"
chown -R neo4j:neo4j "$DATA_DIR/neo4j" "$DATA_DIR/tls"
conf="$ROOT/etc/neo4j/neo4j.conf"
set_conf() {
  sed -i "/^#\\?$1=/d" "$conf"
  echo "$1=$2" >>"$conf"
}
set_conf server.directories.data "$DATA_DIR/neo4j"
set_conf server.default_listen_address 0.0.0.0
set_conf server.bolt.listen_address :7687
set_conf server.bolt.tls_level REQUIRED
set_conf dbms.ssl.policy.bolt.enabled true
set_conf dbms.ssl.policy.bolt.base_directory "$TLS_DIR"
set_conf dbms.ssl.policy.bolt.private_key private.key
set_conf dbms.ssl.policy.bolt.public_certificate public.crt
set_conf dbms.ssl.policy.bolt.client_auth NONE
set_conf server.http.listen_address 127.0.0.1:7474
set_conf server.https.enabled false
set_conf server.memory.heap.initial_size "\${HEAP_MIB}m"
set_conf server.memory.heap.max_size "\${HEAP_MIB}m"
set_conf server.memory.pagecache.size "\${PAGE_CACHE_MIB}m"

# Applies only while the data folder has no users yet, so a replaced instance keeps the stored password.
password=$(aws secretsmanager get-secret-value --region "$REGION" --secret-id "$PASSWORD_SECRET_ARN" --query SecretString --output text)
if ! sudo -u neo4j neo4j-admin dbms set-initial-password "$password"; then
  echo "initial password not set: the data volume already has users, the stored password stays"
fi
unset password

# Free space of the data volume, for its alarm: disk_used_percent by InstanceId and path.
agent_config="$ROOT/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"
mkdir -p "$(dirname "$agent_config")"
cat >"$agent_config" <<AGENT
{
  "metrics": {
    "namespace": "$DISK_METRICS_NAMESPACE",
    "append_dimensions": { "InstanceId": "\\\${aws:InstanceId}" },
    "aggregation_dimensions": [["InstanceId", "path"]],
    "metrics_collected": {
      "disk": { "resources": ["${NEO4J_DATA_DIR}"], "measurement": ["used_percent"], "metrics_collection_interval": 60 }
    }
  }
}
AGENT
amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:$agent_config"

systemctl enable --now neo4j
`;
}
