import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { AlarmNotificationArgs, createAlarm } from './alarms';
import { ArgumentChecks, Rule, arnOf, integerBetween, matching } from './argument-checks';
import { assumeRolePolicy, policyDocument, publishCertificateStatement, putMetricDataStatement, readSecretStatement } from './iam';
import { NEO4J_DISK_METRICS_NAMESPACE } from './metric-names';
import { createNeo4jVpc } from './neo4j-network';
import { MIN_NEO4J_INSTANCE_MEMORY_MIB, NEO4J_DATA_DIR, neo4jMemory, renderNeo4jUserData } from './neo4j-user-data';

/** Arguments of {@link Neo4jInstance}. */
export interface Neo4jInstanceArgs extends AlarmNotificationArgs {
  /**
   * Security groups allowed to reach Bolt (7687), e.g. the one the Lambda functions use. Nothing else is admitted.
   * At least one is required.
   */
  readonly boltClientSecurityGroupIds: pulumi.Input<string>[];
  /**
   * An existing VPC to run in (adopt); give `subnetIds` with it.
   * @default - a VPC is created: two private subnets, one public subnet with a single NAT gateway
   */
  readonly vpcId?: pulumi.Input<string>;
  /**
   * Private subnets of `vpcId` (with outbound internet through NAT, to install Neo4j and reach SSM and
   * Secrets Manager). The instance runs in the first; all are passed on as `privateSubnetIds`.
   * @default - the created VPC's private subnets
   */
  readonly subnetIds?: pulumi.Input<string>[];
  /**
   * EC2 instance type with at least 2 GiB of memory. Neo4j's heap and page cache are sized from its memory.
   * `nano` and `micro` sizes (at most 1 GiB) are refused before anything is created; any other type's memory is
   * checked once EC2 has described it.
   * @default "t4g.medium"
   */
  readonly instanceType?: pulumi.Input<string>;
  /**
   * AMI of Amazon Linux 2023 for the instance type's architecture. Later AMI changes are ignored, so a
   * newer image never replaces the instance by surprise; set this to choose when it happens.
   * @default - the latest Amazon Linux 2023 AMI (public SSM parameter) at creation
   */
  readonly amiId?: pulumi.Input<string>;
  /**
   * Neo4j version (`major.minor.patch`), installed from Neo4j's RPM repository.
   * @default "5.26.30"
   */
  readonly neo4jVersion?: string;
  /**
   * Size of the encrypted gp3 data volume, in GiB (1 to 16384). The volume is separate from the instance and
   * keeps the data when the instance is replaced.
   * @default 32
   */
  readonly dataVolumeSizeGiB?: pulumi.Input<number>;
  /**
   * How many daily snapshots of the data volume are kept (1 to 1000).
   * @default 7
   */
  readonly snapshotRetainCount?: pulumi.Input<number>;
  /**
   * Time of the daily snapshot, `HH:MM` in UTC (00:00 to 23:59).
   * @default "03:00"
   */
  readonly snapshotTimeUtc?: pulumi.Input<string>;
  /**
   * How full the data volume may get, in whole percent of its size, before its alarm goes off.
   * @default 80
   */
  readonly dataVolumeUsedPercentAlarmThreshold?: pulumi.Input<number>;
}

/** The pinned Neo4j version (the one the tests run against). */
export const DEFAULT_NEO4J_VERSION = '5.26.30';
/** The user the handlers connect as. */
export const NEO4J_USER = 'neo4j';
const BOLT_PORT = 7687;
const SSM_MANAGED_INSTANCE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const DLM_SERVICE_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole';
const AMAZON_LINUX_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-';

/**
 * One Neo4j Community server on EC2 in a private subnet: no public IP, IMDSv2 only, admin access through
 * SSM Session Manager (no SSH), the password generated and kept in Secrets Manager (read at boot through
 * the instance role; never in user data or outputs), data on a separate encrypted gp3 volume with
 * daily snapshots, a security group that admits Bolt only from the security groups given, and Bolt over
 * TLS only, with a certificate the instance makes for its private IP (its public part in Secrets Manager).
 * CloudWatch alarms watch the instance's status checks and the data volume's used space (reported by the
 * CloudWatch agent the user data starts), notifying `alarmTopicArn` when given.
 */
export class Neo4jInstance extends pulumi.ComponentResource {
  /** The instance. */
  public readonly instance: aws.ec2.Instance;
  /** The data volume. */
  public readonly dataVolume: aws.ebs.Volume;
  /** The instance's security group. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** The secret holding the password of the `neo4j` user. */
  public readonly passwordSecret: aws.secretsmanager.Secret;
  /**
   * The secret holding Bolt's TLS certificate (public part only, PEM). The instance makes the certificate for
   * its private IP at first boot and writes it here; the functions read it and trust nothing else.
   */
  public readonly certificateSecret: aws.secretsmanager.Secret;
  /** The created VPC, when no `vpcId` was given. */
  public readonly vpc?: aws.ec2.Vpc;
  /** The CloudWatch alarms: failed EC2 status checks, and the data volume filling up. */
  public readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** Bolt URI of the server, `bolt+s://<private ip>:7687`: Bolt over TLS only, with the certificate in `certificateSecretArn`. */
  public readonly boltUri: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with the password. */
  public readonly passwordSecretArn: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret with Bolt's certificate, for the functions' `neo4jCertificateSecretArn`. */
  public readonly certificateSecretArn: pulumi.Output<string>;
  /** Id of the instance's security group. */
  public readonly securityGroupId: pulumi.Output<string>;
  /** Id of the instance. */
  public readonly instanceId: pulumi.Output<string>;
  /** Id of the VPC (given or created). */
  public readonly vpcId: pulumi.Output<string>;
  /** Private subnets (given or created), for the Lambda functions that reach Neo4j. */
  public readonly privateSubnetIds: pulumi.Output<string>[];

  constructor(name: string, args: Neo4jInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    args = checkNeo4jInstanceArgs(new ArgumentChecks('Neo4jInstance', name), args);
    super('groupchat:index:Neo4jInstance', name, {}, opts);
    const parent = { parent: this };

    let subnetIds: pulumi.Output<string>[];
    let vpcId: pulumi.Output<string>;
    let zone: pulumi.Output<string>;
    if (args.vpcId !== undefined && args.subnetIds !== undefined) {
      vpcId = pulumi.output(args.vpcId);
      subnetIds = args.subnetIds.map((id) => pulumi.output(id));
      zone = aws.ec2.getSubnetOutput({ id: subnetIds[0] }, parent).availabilityZone;
    } else {
      const created = createNeo4jVpc(this, name);
      this.vpc = created.vpc;
      vpcId = created.vpc.id;
      subnetIds = created.privateSubnets.map((subnet) => subnet.id);
      zone = created.privateSubnets[0].availabilityZone;
    }

    this.securityGroup = new aws.ec2.SecurityGroup(name, {
      vpcId,
      description: `Neo4j ${name}: Bolt from the named security groups only`,
      ingress: [{
        description: 'Bolt from the database clients',
        protocol: 'tcp',
        fromPort: BOLT_PORT,
        toPort: BOLT_PORT,
        securityGroups: args.boltClientSecurityGroupIds,
      }],
      egress: [{ description: 'HTTPS: packages, SSM, Secrets Manager', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
    }, parent);

    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, parent);
    this.passwordSecret = new aws.secretsmanager.Secret(`${name}-password`, {
      description: `Password of the neo4j user of ${name}`,
      recoveryWindowInDays: 7,
    }, parent);
    new aws.secretsmanager.SecretVersion(`${name}-password`, {
      secretId: this.passwordSecret.id,
      secretString: password.result,
    }, parent);

    // No version: the instance writes the certificate it makes at first boot.
    this.certificateSecret = new aws.secretsmanager.Secret(`${name}-certificate`, {
      description: `TLS certificate (public part) of the Bolt endpoint of ${name}`,
      recoveryWindowInDays: 7,
    }, parent);

    const role = new aws.iam.Role(name, { assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') }, parent);
    new aws.iam.RolePolicyAttachment(`${name}-ssm`, { role: role.name, policyArn: SSM_MANAGED_INSTANCE_POLICY }, parent);
    new aws.iam.RolePolicy(name, {
      role: role.id,
      policy: policyDocument([
        readSecretStatement(this.passwordSecret.arn),
        publishCertificateStatement(this.certificateSecret.arn),
        putMetricDataStatement(NEO4J_DISK_METRICS_NAMESPACE),
      ]),
    }, parent);
    const profile = new aws.iam.InstanceProfile(name, { role: role.name }, parent);

    const snapshotTag = { 'groupchat:snapshots': `${pulumi.getProject()}/${pulumi.getStack()}/${name}` };
    this.dataVolume = new aws.ebs.Volume(`${name}-data`, {
      availabilityZone: zone,
      type: 'gp3',
      size: args.dataVolumeSizeGiB ?? 32,
      encrypted: true,
      finalSnapshot: true,
      tags: { Name: `${name}-data`, ...snapshotTag },
    }, parent);

    const instanceType = args.instanceType ?? 't4g.medium';
    const typeInfo = aws.ec2.getInstanceTypeOutput({ instanceType }, parent);
    const amiId = args.amiId ?? aws.ssm.getParameterOutput({
      name: pulumi.interpolate`${AMAZON_LINUX_AMI_PARAMETER}${typeInfo.supportedArchitectures.apply((archs) => (archs.includes('arm64') ? 'arm64' : 'x86_64'))}`,
    }, parent).value;
    const userData = pulumi
      .all([typeInfo.memorySize, this.dataVolume.id, this.passwordSecret.arn, this.certificateSecret.arn])
      .apply(([memorySize, dataVolumeId, passwordSecretArn, certificateSecretArn]) => renderNeo4jUserData({
        neo4jVersion: args.neo4jVersion ?? DEFAULT_NEO4J_VERSION,
        memory: neo4jMemory(memorySize),
        dataVolumeId,
        passwordSecretArn,
        certificateSecretArn,
        diskMetricsNamespace: NEO4J_DISK_METRICS_NAMESPACE,
      }));

    this.instance = new aws.ec2.Instance(name, {
      ami: amiId,
      instanceType,
      subnetId: subnetIds[0],
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: 'gp3', volumeSize: 16, encrypted: true },
      userData,
      tags: { Name: name },
    }, { parent: this, ignoreChanges: ['ami'] });

    // Replacing the instance must detach the volume from the old one before attaching it to the new one.
    new aws.ec2.VolumeAttachment(`${name}-data`, {
      deviceName: '/dev/sdf',
      volumeId: this.dataVolume.id,
      instanceId: this.instance.id,
      stopInstanceBeforeDetaching: true,
    }, { parent: this, deleteBeforeReplace: true });

    const snapshotRole = new aws.iam.Role(`${name}-snapshots`, { assumeRolePolicy: assumeRolePolicy('dlm.amazonaws.com') }, parent);
    new aws.iam.RolePolicyAttachment(`${name}-snapshots`, { role: snapshotRole.name, policyArn: DLM_SERVICE_POLICY }, parent);
    new aws.dlm.LifecyclePolicy(name, {
      description: `Daily snapshots of the Neo4j data volume of ${name}`,
      executionRoleArn: snapshotRole.arn,
      state: 'ENABLED',
      policyDetails: {
        resourceTypes: ['VOLUME'],
        targetTags: snapshotTag,
        schedules: [{
          name: 'daily',
          createRule: { interval: 24, intervalUnit: 'HOURS', times: args.snapshotTimeUtc ?? '03:00' },
          retainRule: { count: args.snapshotRetainCount ?? 7 },
          copyTags: true,
        }],
      },
    }, parent);

    this.alarms = [
      createAlarm(this, `${name}-status-check`, {
        description: `Neo4j ${name}: the instance or its host failed EC2 status checks (or reports nothing) for 2 minutes`,
        namespace: 'AWS/EC2',
        metricName: 'StatusCheckFailed',
        dimensions: { InstanceId: this.instance.id },
        statistic: 'Maximum',
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 2,
        treatMissingData: 'breaching',
      }, args.alarmTopicArn),
      createAlarm(this, `${name}-data-volume`, {
        description: `Neo4j ${name}: the data volume is filling up (percent used)`,
        namespace: NEO4J_DISK_METRICS_NAMESPACE,
        metricName: 'disk_used_percent',
        dimensions: { InstanceId: this.instance.id, path: NEO4J_DATA_DIR },
        statistic: 'Maximum',
        threshold: args.dataVolumeUsedPercentAlarmThreshold ?? 80,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: 'missing',
      }, args.alarmTopicArn),
    ];

    this.boltUri = pulumi.interpolate`bolt+s://${this.instance.privateIp}:${BOLT_PORT}`;
    this.passwordSecretArn = this.passwordSecret.arn;
    this.certificateSecretArn = this.certificateSecret.arn;
    this.securityGroupId = this.securityGroup.id;
    this.instanceId = this.instance.id;
    this.vpcId = vpcId;
    this.privateSubnetIds = subnetIds;

    this.registerOutputs({
      boltUri: this.boltUri,
      passwordSecretArn: this.passwordSecretArn,
      certificateSecretArn: this.certificateSecretArn,
      securityGroupId: this.securityGroupId,
      instanceId: this.instanceId,
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}

/** An EC2 instance type; `nano` and `micro` sizes have at most 1 GiB of memory, too little for Neo4j. */
const INSTANCE_TYPE: Rule<string> = matching(
  /^[a-z][a-z0-9-]*\.(?!nano$|micro$)[a-z0-9-]+$/,
  `be an EC2 instance type with at least ${MIN_NEO4J_INSTANCE_MEMORY_MIB} MiB of memory for Neo4j, such as "t4g.medium" (not a nano or micro size)`,
);

function checkNeo4jInstanceArgs(checks: ArgumentChecks, given: Neo4jInstanceArgs | undefined): Neo4jInstanceArgs {
  const args = given ?? ({} as Neo4jInstanceArgs);
  const clients = checks.required('boltClientSecurityGroupIds', args.boltClientSecurityGroupIds, 'the security groups that may reach Bolt');
  if (!Array.isArray(clients) || clients.length === 0) {
    checks.fail('boltClientSecurityGroupIds', 'name at least one security group (nothing else may reach Bolt)', clients);
  }
  if ((args.vpcId === undefined) !== (args.subnetIds === undefined)) {
    checks.fail('vpcId and subnetIds', 'be given together (adopt a VPC) or not at all (create one)', { vpcId: args.vpcId, subnetIds: args.subnetIds });
  }
  if (args.subnetIds !== undefined && (!Array.isArray(args.subnetIds) || args.subnetIds.length === 0)) {
    checks.fail('subnetIds', 'name at least one private subnet of vpcId', args.subnetIds);
  }
  return {
    ...args,
    instanceType: checks.check('instanceType', args.instanceType, INSTANCE_TYPE),
    amiId: checks.check('amiId', args.amiId, matching(/^ami-[0-9a-f]{8,17}$/, 'be an AMI id such as "ami-0123456789abcdef0"')),
    neo4jVersion: checks.check('neo4jVersion', args.neo4jVersion, matching(/^\d{1,4}\.\d{1,3}\.\d{1,3}$/, 'be a Neo4j version such as "5.26.30" (major.minor.patch)')) as string | undefined,
    dataVolumeSizeGiB: checks.check('dataVolumeSizeGiB', args.dataVolumeSizeGiB, integerBetween(1, 16384)),
    snapshotRetainCount: checks.check('snapshotRetainCount', args.snapshotRetainCount, integerBetween(1, 1000)),
    snapshotTimeUtc: checks.check('snapshotTimeUtc', args.snapshotTimeUtc, matching(/^([01]\d|2[0-3]):[0-5]\d$/, 'be a time of day HH:MM in UTC, from 00:00 to 23:59')),
    alarmTopicArn: checks.check('alarmTopicArn', args.alarmTopicArn, arnOf('sns')),
    dataVolumeUsedPercentAlarmThreshold: checks.check('dataVolumeUsedPercentAlarmThreshold', args.dataVolumeUsedPercentAlarmThreshold, integerBetween(1, 100)),
  };
}
