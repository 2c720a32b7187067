import type { ResourceValidationPolicy } from '@pulumi/policy';
import { readKnown } from './known-values';
import { Props, asList, configWithDefaults, describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** Configuration of {@link databaseNoPublicIngress}. */
export interface DatabasePortsConfig {
  /** TCP ports of the database that must never be open to the internet. */
  ports: number[];
}

/** Bolt (7687), HTTP (7474) and HTTPS (7473) of Neo4j. */
export const DATABASE_PORTS_DEFAULTS: DatabasePortsConfig = { ports: [7687, 7474, 7473] };

/** CIDR blocks that admit every address (any block with a prefix length of 0). */
export function isWorldCidr(cidr: unknown): boolean {
  return typeof cidr === 'string' && /\/0$/.test(cidr.trim());
}

/** One ingress permission, normalized from the three ways the AWS provider can express it. */
export interface IngressPermission {
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrs: unknown[];
}

/** Whether an ingress permission covers a TCP port: protocol `tcp`/`6`, or all protocols (`-1`/`all`, every port). */
export function coversTcpPort(permission: IngressPermission, port: number): boolean {
  const protocol = String(permission.protocol).toLowerCase();
  if (protocol === '-1' || protocol === 'all') {
    return true;
  }
  if (protocol !== 'tcp' && protocol !== '6') {
    return false;
  }
  const from = permission.fromPort ?? 0;
  const to = permission.toPort ?? 65535;
  // A range of 0-0 or -1 with tcp is invalid in AWS; treat negative bounds as "every port" to be safe.
  return (from < 0 || from <= port) && (to < 0 || port <= to);
}

/** The ingress permissions a resource defines (inline rules of a group, or the rule itself). */
export function ingressPermissions(type: string, props: Props): IngressPermission[] {
  switch (type) {
    case AWS.securityGroup:
      return asList<Props>(props.ingress).map((rule) => ({
        protocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        cidrs: [...asList(rule.cidrBlocks), ...asList(rule.ipv6CidrBlocks)],
      }));
    case AWS.securityGroupRule:
      if (props.type !== 'ingress') {
        return [];
      }
      return [{
        protocol: props.protocol,
        fromPort: props.fromPort,
        toPort: props.toPort,
        cidrs: [...asList(props.cidrBlocks), ...asList(props.ipv6CidrBlocks)],
      }];
    case AWS.securityGroupIngressRule:
      return [{
        protocol: props.ipProtocol,
        fromPort: props.fromPort,
        toPort: props.toPort,
        cidrs: [props.cidrIpv4, props.cidrIpv6].filter((cidr) => cidr !== undefined),
      }];
    default:
      return [];
  }
}

/** No security group admits the internet (`0.0.0.0/0`, `::/0`) on a database port. */
export const databaseNoPublicIngress: ResourceValidationPolicy = {
  name: 'database-no-public-ingress',
  description: 'No security group admits 0.0.0.0/0 or ::/0 on the database ports (Neo4j Bolt 7687, HTTP 7474, HTTPS 7473).',
  remediationSteps: 'Admit the database ports only from the security groups of its clients (Neo4jInstance boltClientSecurityGroupIds).',
  configSchema: {
    properties: {
      ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 }, default: DATABASE_PORTS_DEFAULTS.ports },
    },
  },
  validateResource: forTypes([AWS.securityGroup, AWS.securityGroupRule, AWS.securityGroupIngressRule], (props, args, reportViolation) => {
    const { ports } = configWithDefaults(args, DATABASE_PORTS_DEFAULTS);
    for (const permission of ingressPermissions(args.type, props)) {
      const open = permission.cidrs.filter(isWorldCidr);
      const exposed = ports.filter((port) => coversTcpPort(permission, port));
      if (open.length > 0 && exposed.length > 0) {
        reportViolation(`${describe(args)} admits ${open.join(' and ')} on database port(s) ${exposed.join(', ')}.`);
      }
    }
  }),
};

/**
 * No instance gets a public address: `associatePublicIpAddress` must be `false` (left unset, the subnet
 * decides), and no Elastic IP is attached to an instance.
 */
export const databaseInstanceNoPublicIp: ResourceValidationPolicy = {
  name: 'database-instance-no-public-ip',
  description: 'EC2 instances have no public IP: associatePublicIpAddress is false and no Elastic IP is attached to an instance.',
  remediationSteps: 'Run the instance in a private subnet with associatePublicIpAddress: false; reach it through SSM Session Manager.',
  validateResource: forTypes([AWS.instance, AWS.eip, AWS.eipAssociation], (props, args, reportViolation) => {
    if (args.type === AWS.instance && props.associatePublicIpAddress !== false) {
      reportViolation(`${describe(args)} must set associatePublicIpAddress to false (unset, a public subnet gives it a public IP).`);
    }
    // An instance id not known yet during preview is still an instance.
    const instance = args.type === AWS.eip ? readKnown(() => props.instance) : readKnown(() => props.instanceId);
    if (args.type !== AWS.instance && instance !== undefined && instance !== '') {
      reportViolation(`${describe(args)} attaches an Elastic IP to an instance.`);
    }
  }),
};
