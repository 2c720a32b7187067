import { databaseInstanceNoPublicIp, databaseNoPublicIngress } from '../../policy-pack/rules/database-network';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, UNKNOWN_STRING, runResourcePolicy, withChange } from './policy-harness';

const BOLT_FROM_CLIENTS = { description: 'Bolt', protocol: 'tcp', fromPort: 7687, toPort: 7687, securityGroups: ['sg-clients'] };
const SECURITY_GROUP: Props = {
  vpcId: 'vpc-1',
  ingress: [BOLT_FROM_CLIENTS],
  egress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
};
const WORLD_ON = (fromPort: number, toPort: number, protocol = 'tcp', cidrs: Props = { cidrBlocks: ['0.0.0.0/0'] }) =>
  [BOLT_FROM_CLIENTS, { protocol, fromPort, toPort, ...cidrs }];

describe('database-no-public-ingress on security groups with inline rules', () => {
  test('the baseline (Bolt from a security group, HTTPS egress to the world) passes', async () => {
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroup, SECURITY_GROUP)).violations).toEqual([]);
  });

  test.each([
    ['Bolt from 0.0.0.0/0', WORLD_ON(7687, 7687)],
    ['Neo4j HTTP from 0.0.0.0/0', WORLD_ON(7474, 7474)],
    ['Neo4j HTTPS from ::/0', WORLD_ON(7473, 7473, 'tcp', { ipv6CidrBlocks: ['::/0'] })],
    ['a port range covering Bolt', WORLD_ON(7000, 8000)],
    ['every protocol (-1)', WORLD_ON(0, 0, '-1')],
    ['every protocol (all)', WORLD_ON(0, 0, 'all')],
    ['protocol number 6', WORLD_ON(7687, 7687, '6')],
    ['the world next to a private block', WORLD_ON(7687, 7687, 'tcp', { cidrBlocks: ['10.0.0.0/16', '0.0.0.0/0'] })],
  ])('%s trips it', async (_, ingress) => {
    const outcome = await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroup, withChange(SECURITY_GROUP, 'ingress', ingress));
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.violations[0]).toMatch(/admits (0\.0\.0\.0\/0|::\/0) on database port/);
  });

  test.each([
    ['HTTPS 443 from the world', WORLD_ON(443, 443)],
    ['Bolt from inside the VPC', WORLD_ON(7687, 7687, 'tcp', { cidrBlocks: ['10.0.0.0/16'] })],
    ['UDP on 7687 from the world', WORLD_ON(7687, 7687, 'udp')],
    ['a range that stops below Bolt', WORLD_ON(7000, 7472)],
  ])('%s passes', async (_, ingress) => {
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroup, withChange(SECURITY_GROUP, 'ingress', ingress))).violations).toEqual([]);
  });

  test('the ports come from the config', async () => {
    const open5432 = withChange(SECURITY_GROUP, 'ingress', WORLD_ON(5432, 5432));
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroup, open5432)).violations).toEqual([]);
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroup, open5432, { ports: [5432] })).violations).toHaveLength(1);
  });
});

describe('database-no-public-ingress on separate rules', () => {
  const RULE: Props = { type: 'ingress', securityGroupId: 'sg-db', protocol: 'tcp', fromPort: 7687, toPort: 7687, sourceSecurityGroupId: 'sg-clients' };
  const VPC_RULE: Props = { securityGroupId: 'sg-db', ipProtocol: 'tcp', fromPort: 7687, toPort: 7687, referencedSecurityGroupId: 'sg-clients' };

  test('rules from a security group pass', async () => {
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroupRule, RULE)).violations).toEqual([]);
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroupIngressRule, VPC_RULE)).violations).toEqual([]);
  });

  test.each([
    ['SecurityGroupRule with cidrBlocks', AWS.securityGroupRule, withChange(RULE, 'cidrBlocks', ['0.0.0.0/0'])],
    ['SecurityGroupRule with ipv6CidrBlocks', AWS.securityGroupRule, withChange(RULE, 'ipv6CidrBlocks', ['::/0'])],
    ['SecurityGroupRule for every protocol', AWS.securityGroupRule, { ...RULE, protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
    ['SecurityGroupIngressRule with cidrIpv4', AWS.securityGroupIngressRule, withChange(VPC_RULE, 'cidrIpv4', '0.0.0.0/0')],
    ['SecurityGroupIngressRule with cidrIpv6', AWS.securityGroupIngressRule, withChange(VPC_RULE, 'cidrIpv6', '::/0')],
    ['SecurityGroupIngressRule for every protocol (no ports)', AWS.securityGroupIngressRule, { securityGroupId: 'sg-db', ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' }],
  ])('%s open to the world trips it', async (_, type, props) => {
    expect((await runResourcePolicy(databaseNoPublicIngress, type, props)).violations).toHaveLength(1);
  });

  test('an egress rule to the world on Bolt is not ingress', async () => {
    const egress = { ...RULE, type: 'egress', cidrBlocks: ['0.0.0.0/0'] };
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.securityGroupRule, egress)).violations).toEqual([]);
  });

  test('other resource types are not applicable', async () => {
    expect((await runResourcePolicy(databaseNoPublicIngress, AWS.instance, {})).notApplicable).toBe(true);
  });
});

describe('database-instance-no-public-ip', () => {
  const INSTANCE: Props = { ami: 'ami-1', instanceType: 't4g.medium', subnetId: 'subnet-private', associatePublicIpAddress: false };

  test('the baseline (associatePublicIpAddress false) passes', async () => {
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.instance, INSTANCE)).violations).toEqual([]);
  });

  test.each([
    ['associatePublicIpAddress true', true],
    ['associatePublicIpAddress unset (the subnet decides)', undefined],
  ])('%s trips it', async (_, value) => {
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.instance, withChange(INSTANCE, 'associatePublicIpAddress', value))).violations).toHaveLength(1);
  });

  test('an Elastic IP for a NAT gateway passes; one attached to an instance trips it', async () => {
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.eip, { domain: 'vpc' })).violations).toEqual([]);
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.eip, { domain: 'vpc', instance: 'i-1' })).violations).toHaveLength(1);
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.eipAssociation, { instanceId: 'i-1', allocationId: 'eipalloc-1' })).violations).toHaveLength(1);
  });

  test('an Elastic IP attached to an instance not known yet during preview still trips it', async () => {
    expect((await runResourcePolicy(databaseInstanceNoPublicIp, AWS.eipAssociation, { instanceId: UNKNOWN_STRING })).violations).toHaveLength(1);
  });
});
