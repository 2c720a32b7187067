import * as pulumi from '@pulumi/pulumi';
import { MOCK_AMI, MOCK_PASSWORD, MOCK_REGION, RecordingMocks, valueOf } from '../support/pulumi-mocks';
import { construct, expectAllParentedTo, isSecret } from './harness';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import { GroupChatVpc, Neo4jInstance, Neo4jInstanceArgs } from '../../src/components';

const TYPE = 'groupchat:index:Neo4jInstance';
const CLIENTS = ['sg-backend', 'sg-realtime'];
const build = (name: string, args: Partial<Neo4jInstanceArgs> = {}) =>
  construct(mocks, TYPE, name, (opts) => new Neo4jInstance(name, { boltClientSecurityGroupIds: CLIENTS, ...args }, opts));

const instanceChildren = (name: string) => [
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-data-volume`,
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-status-check`,
  `aws:dlm/lifecyclePolicy:LifecyclePolicy::${name}`,
  `aws:ebs/volume:Volume::${name}-data`,
  `aws:ec2/instance:Instance::${name}`,
  `aws:ec2/securityGroup:SecurityGroup::${name}`,
  `aws:ec2/volumeAttachment:VolumeAttachment::${name}-data`,
  `aws:iam/instanceProfile:InstanceProfile::${name}`,
  `aws:iam/role:Role::${name}`,
  `aws:iam/role:Role::${name}-snapshots`,
  `aws:iam/rolePolicy:RolePolicy::${name}`,
  `aws:iam/rolePolicyAttachment:RolePolicyAttachment::${name}-snapshots`,
  `aws:iam/rolePolicyAttachment:RolePolicyAttachment::${name}-ssm`,
  `aws:secretsmanager/secret:Secret::${name}-certificate`,
  `aws:secretsmanager/secret:Secret::${name}-password`,
  `aws:secretsmanager/secretVersion:SecretVersion::${name}-password`,
  `random:index/randomPassword:RandomPassword::${name}-password`,
];
const vpcChildren = (name: string) => [
  `aws:ec2/eip:Eip::${name}-nat`,
  `aws:ec2/internetGateway:InternetGateway::${name}`,
  `aws:ec2/natGateway:NatGateway::${name}`,
  `aws:ec2/routeTable:RouteTable::${name}-private`,
  `aws:ec2/routeTable:RouteTable::${name}-public`,
  `aws:ec2/routeTableAssociation:RouteTableAssociation::${name}-private-0`,
  `aws:ec2/routeTableAssociation:RouteTableAssociation::${name}-private-1`,
  `aws:ec2/routeTableAssociation:RouteTableAssociation::${name}-public`,
  `aws:ec2/subnet:Subnet::${name}-private-0`,
  `aws:ec2/subnet:Subnet::${name}-private-1`,
  `aws:ec2/subnet:Subnet::${name}-public`,
  `aws:ec2/vpc:Vpc::${name}`,
];

describe('Neo4jInstance with default args (creates its VPC)', () => {
  let built: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    built = await build('db');
  });

  test('creates exactly the instance, its storage, secret, roles, snapshots and a VPC, all parented to it', () => {
    expect(built.inventory()).toEqual([...instanceChildren('db'), ...vpcChildren('db')].sort());
    expectAllParentedTo(built);
  });

  test('the VPC has two private subnets in two zones routed through one NAT gateway', () => {
    const sub0 = built.inputs('aws:ec2/subnet:Subnet', 'db-private-0');
    const sub1 = built.inputs('aws:ec2/subnet:Subnet', 'db-private-1');
    expect([sub0.availabilityZone, sub1.availabilityZone]).toEqual([`${MOCK_REGION}a`, `${MOCK_REGION}b`]);
    expect(sub0.mapPublicIpOnLaunch).toBe(false);
    expect(built.inputs('aws:ec2/routeTable:RouteTable', 'db-private').routes).toEqual([{ cidrBlock: '0.0.0.0/0', natGatewayId: 'db-id' }]);
    expect(built.inputs('aws:ec2/routeTable:RouteTable', 'db-public').routes).toEqual([{ cidrBlock: '0.0.0.0/0', gatewayId: 'db-id' }]);
    expect(built.inputs('aws:ec2/natGateway:NatGateway', 'db').subnetId).toBe('db-public-id');
  });

  test('the security group admits Bolt from the named groups only, and nothing from anywhere', () => {
    const sg = built.inputs('aws:ec2/securityGroup:SecurityGroup', 'db');
    expect(sg.ingress).toEqual([{ description: 'Bolt from the database clients', protocol: 'tcp', fromPort: 7687, toPort: 7687, securityGroups: CLIENTS }]);
    for (const rule of sg.ingress) {
      expect(rule.cidrBlocks ?? []).toEqual([]);
      expect(rule.ipv6CidrBlocks ?? []).toEqual([]);
    }
    expect(sg.egress).toEqual([{ description: 'HTTPS: packages, SSM, Secrets Manager', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }]);
  });

  test('the instance: private subnet, no public IP, IMDSv2 only, encrypted root, its role, AMI changes ignored', () => {
    const instance = built.inputs('aws:ec2/instance:Instance', 'db');
    expect(instance).toMatchObject({
      ami: MOCK_AMI,
      instanceType: 't4g.medium',
      subnetId: 'db-private-0-id',
      vpcSecurityGroupIds: ['db-id'],
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: 'gp3', volumeSize: 16, encrypted: true },
      iamInstanceProfile: 'db-physical',
    });
    expect(built.child('aws:ec2/instance:Instance', 'db').ignoreChanges).toEqual(['ami']);
    expect(mocks.callInputs).toContainEqual(expect.objectContaining({
      token: 'aws:ssm/getParameter:getParameter',
      name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    }));
  });

  test('the data volume is encrypted gp3 in the instance zone, separate from the instance, reattached delete-first', () => {
    expect(built.inputs('aws:ebs/volume:Volume', 'db-data')).toMatchObject({
      availabilityZone: `${MOCK_REGION}a`, type: 'gp3', size: 32, encrypted: true, finalSnapshot: true,
    });
    expect(built.inputs('aws:ec2/volumeAttachment:VolumeAttachment', 'db-data')).toMatchObject({
      deviceName: '/dev/sdf', volumeId: 'db-data-id', instanceId: 'db-id', stopInstanceBeforeDetaching: true,
    });
    expect(built.child('aws:ec2/volumeAttachment:VolumeAttachment', 'db-data').deleteBeforeReplace).toBe(true);
  });

  test('daily snapshots target exactly the data volume by tag', () => {
    const tag = built.inputs('aws:ebs/volume:Volume', 'db-data').tags['groupchat:snapshots'];
    expect(tag).toBe('project/stack/db');
    const policy = built.inputs('aws:dlm/lifecyclePolicy:LifecyclePolicy', 'db');
    expect(policy.state).toBe('ENABLED');
    expect(policy.policyDetails).toEqual({
      resourceTypes: ['VOLUME'],
      targetTags: { 'groupchat:snapshots': tag },
      schedules: [{ name: 'daily', createRule: { interval: 24, intervalUnit: 'HOURS', times: '03:00' }, retainRule: { count: 7 }, copyTags: true }],
    });
    expect(built.inputs('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'db-snapshots').policyArn)
      .toBe('arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole');
    expect(JSON.parse(built.inputs('aws:iam/role:Role', 'db-snapshots').assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'dlm.amazonaws.com' });
  });

  test('the instance role may read the password, publish its certificate, write its disk metrics and use SSM, nothing else', () => {
    const secretArn = `arn:aws:secretsmanager:${MOCK_REGION}:123456789012:secret:db-password-physical-AbCdEf`;
    const certificateArn = `arn:aws:secretsmanager:${MOCK_REGION}:123456789012:secret:db-certificate-physical-AbCdEf`;
    expect(built.statements('db')).toEqual([
      { Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn },
      { Sid: 'PublishBoltCertificate', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: certificateArn },
      {
        Sid: 'PutMetricDataCloudWatchRequiresWildcardResource', Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'GroupChat/Neo4j' } },
      },
    ]);
    expect(built.inputs('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'db-ssm').policyArn).toBe('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    expect(JSON.parse(built.inputs('aws:iam/role:Role', 'db').assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
  });

  test('the password is generated, kept only in the secret version (as a secret), never in user data or outputs', async () => {
    expect(built.inputs('random:index/randomPassword:RandomPassword', 'db-password')).toMatchObject({ length: 32, special: false });
    expect(isSecret(built.rawInputs('aws:secretsmanager/secretVersion:SecretVersion', 'db-password').secretString)).toBe(true);
    const holders = built.resources.filter((r) => JSON.stringify(r.inputs).includes(MOCK_PASSWORD)).map((r) => `${r.type}::${r.name}`);
    expect(holders).toEqual(['aws:secretsmanager/secretVersion:SecretVersion::db-password']);
    // The certificate secret gets no version here: the instance writes the certificate it makes.
    expect(built.resources.filter((r) => r.type === 'aws:secretsmanager/secretVersion:SecretVersion')).toHaveLength(1);
    const db = built.component;
    const outputs = await Promise.all([db.boltUri, db.passwordSecretArn, db.securityGroupId, db.instanceId, db.vpcId, ...db.privateSubnetIds].map(valueOf));
    expect(JSON.stringify(outputs)).not.toContain(MOCK_PASSWORD);
  });

  test('alarms: failed status checks (or silence) for 2 minutes, and the data volume at 80 % used (CloudWatch agent metric)', () => {
    expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', 'db-status-check')).toEqual({
      alarmDescription: expect.any(String), namespace: 'AWS/EC2', metricName: 'StatusCheckFailed', dimensions: { InstanceId: 'db-id' },
      statistic: 'Maximum', period: 60, evaluationPeriods: 2, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'breaching',
    });
    expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', 'db-data-volume')).toEqual({
      alarmDescription: expect.any(String), namespace: 'GroupChat/Neo4j', metricName: 'disk_used_percent', dimensions: { InstanceId: 'db-id', path: '/data' },
      statistic: 'Maximum', period: 300, evaluationPeriods: 1, threshold: 80, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'missing',
    });
    // The metric the alarm reads is the one the user data's CloudWatch agent writes.
    const userData = built.inputs('aws:ec2/instance:Instance', 'db').userData as string;
    expect(userData).toContain('"aggregation_dimensions": [["InstanceId", "path"]]');
    expect(userData).toContain('"disk": { "resources": ["/data"], "measurement": ["used_percent"]');
  });

  test('the user data sizes memory from the instance type and names the volume and secrets', () => {
    const userData = built.inputs('aws:ec2/instance:Instance', 'db').userData as string;
    expect(userData).toContain(`CERTIFICATE_SECRET_ARN='arn:aws:secretsmanager:${MOCK_REGION}:123456789012:secret:db-certificate-physical-AbCdEf'`);
    expect(userData).toContain("DISK_METRICS_NAMESPACE='GroupChat/Neo4j'");
    expect(userData).toContain('HEAP_MIB=1216\nPAGE_CACHE_MIB=1856');
    expect(userData).toContain("DATA_VOLUME_ID='db-data-id'");
    expect(userData).toContain(`PASSWORD_SECRET_ARN='arn:aws:secretsmanager:${MOCK_REGION}:123456789012:secret:db-password-physical-AbCdEf'`);
  });

  test('outputs the Bolt URI (TLS), secret ARNs, security group, instance, VPC and private subnets', async () => {
    const db = built.component;
    expect(await valueOf(db.boltUri)).toBe('bolt+s://10.0.7.21:7687');
    expect(await valueOf(db.passwordSecretArn)).toContain(':secret:db-password-physical');
    expect(await valueOf(db.certificateSecretArn)).toContain(':secret:db-certificate-physical');
    expect(await valueOf(db.securityGroupId)).toBe('db-id');
    expect(await valueOf(db.instanceId)).toBe('db-id');
    expect(await valueOf(db.vpcId)).toBe('db-id');
    expect(await Promise.all(db.privateSubnetIds.map(valueOf))).toEqual(['db-private-0-id', 'db-private-1-id']);
  });
});

describe('Neo4jInstance in a given VPC', () => {
  test('creates no network, runs in the first subnet, puts the volume in that subnet zone and passes the subnets on', async () => {
    const built = await build('db-adopt', { vpcId: 'vpc-given', subnetIds: ['subnet-a', 'subnet-b'] });
    expect(built.inventory()).toEqual(instanceChildren('db-adopt').sort());
    expectAllParentedTo(built);
    expect(mocks.calls).toContain('aws:ec2/getSubnet:getSubnet');
    expect(built.inputs('aws:ec2/instance:Instance', 'db-adopt').subnetId).toBe('subnet-a');
    expect(built.inputs('aws:ebs/volume:Volume', 'db-adopt-data').availabilityZone).toBe(`${MOCK_REGION}b`);
    expect(built.inputs('aws:ec2/securityGroup:SecurityGroup', 'db-adopt').vpcId).toBe('vpc-given');
    expect(await valueOf(built.component.vpcId)).toBe('vpc-given');
    expect(await Promise.all(built.component.privateSubnetIds.map(valueOf))).toEqual(['subnet-a', 'subnet-b']);
  });

  test('an x86 instance type gets the x86_64 AMI and its own memory sizing; amiId, version and volume size are honoured', async () => {
    const built = await build('db-x86', { instanceType: 'm7i.xlarge', neo4jVersion: '5.26.1', dataVolumeSizeGiB: 100 });
    expect(built.inputs('aws:ec2/instance:Instance', 'db-x86').userData).toContain('HEAP_MIB=5888\nPAGE_CACHE_MIB=8832');
    expect(built.inputs('aws:ec2/instance:Instance', 'db-x86').userData).toContain("NEO4J_VERSION='5.26.1'");
    expect(built.inputs('aws:ebs/volume:Volume', 'db-x86-data').size).toBe(100);
    expect(mocks.callInputs).toContainEqual(expect.objectContaining({
      token: 'aws:ssm/getParameter:getParameter',
      name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    }));
    const pinned = await build('db-pinned', { amiId: 'ami-0fedcba9876543210', alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops', dataVolumeUsedPercentAlarmThreshold: 90 });
    expect(pinned.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', 'db-pinned-data-volume')).toMatchObject({
      threshold: 90, alarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'], okActions: ['arn:aws:sns:us-east-1:123456789012:ops'],
    });
    expect(pinned.inputs('aws:ec2/instance:Instance', 'db-pinned').ami).toBe('ami-0fedcba9876543210');
    expect(mocks.calls).not.toContain('aws:ssm/getParameter:getParameter');
  });
});

describe('GroupChatVpc', () => {
  test('creates the same network Neo4jInstance creates when given no VPC, parented to it, and outputs its ids', async () => {
    const built = await construct(mocks, 'groupchat:index:GroupChatVpc', 'net', (opts) => new GroupChatVpc('net', {}, opts));
    expect(built.inventory()).toEqual(vpcChildren('net').sort());
    expectAllParentedTo(built);
    expect(built.inputs('aws:ec2/vpc:Vpc', 'net')).toMatchObject({ cidrBlock: '10.0.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
    expect(await valueOf(built.component.vpcId)).toBe('net-id');
    expect(await Promise.all(built.component.privateSubnetIds.map(valueOf))).toEqual(['net-private-0-id', 'net-private-1-id']);
  });
});

describe('Neo4jInstance rejects invalid args, naming them', () => {
  test.each([
    ['vpcId without subnetIds', { vpcId: 'vpc-1' }, /vpcId and subnetIds must be given together/],
    ['subnetIds without vpcId', { subnetIds: ['subnet-a'] }, /vpcId and subnetIds must be given together/],
    ['empty subnetIds', { vpcId: 'vpc-1', subnetIds: [] }, /subnetIds must name at least one private subnet/],
    ['no Bolt clients', { boltClientSecurityGroupIds: [] }, /boltClientSecurityGroupIds must name at least one security group/],
  ])('%s', (_case, args, message) => {
    expect(() => new Neo4jInstance('db-bad', { boltClientSecurityGroupIds: CLIENTS, ...args })).toThrow(message);
  });
});
