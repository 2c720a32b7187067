import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { FunctionNetwork } from './lambda-function';

/**
 * Where the functions that reach Neo4j run. Give `securityGroupIds` to adopt existing security groups
 * (for example one the Neo4j instance admits through `boltClientSecurityGroupIds`), or `vpcId` to have
 * the component create one; giving both, or neither, is an error.
 */
export interface FunctionNetworkArgs {
  /** Private subnets (with a route to NAT or VPC endpoints) for the functions, e.g. `Neo4jInstance.privateSubnetIds`. */
  readonly vpcSubnetIds: pulumi.Input<string>[];
  /**
   * Security groups to attach to the functions (adopt). Mutually exclusive with `vpcId`.
   * @default - a security group is created in `vpcId`
   */
  readonly securityGroupIds?: pulumi.Input<string>[];
  /**
   * The VPC in which to create the functions' security group (create). Mutually exclusive with
   * `securityGroupIds`. Let the Neo4j security group admit the created group (output `functionSecurityGroupId`).
   * @default - none: `securityGroupIds` must be given
   */
  readonly vpcId?: pulumi.Input<string>;
}

/** The network of a component's VPC functions and, when the component made it, their security group. */
export interface ResolvedFunctionNetwork {
  network: FunctionNetwork;
  securityGroup?: aws.ec2.SecurityGroup;
}

/**
 * Adopts the security groups given (`securityGroupIds`) or creates one in `vpcId`; exactly one of the
 * two must be given, and `vpcSubnetIds` must name at least one subnet. A created group admits nothing
 * and lets the functions out on 443 (AWS APIs) and 7687 (Neo4j Bolt) only.
 */
export function resolveFunctionNetwork(
  parent: pulumi.Resource,
  componentType: string,
  name: string,
  args: FunctionNetworkArgs,
): ResolvedFunctionNetwork {
  validateFunctionNetworkArgs(componentType, name, args);
  if (args.securityGroupIds !== undefined) {
    return { network: { subnetIds: args.vpcSubnetIds, securityGroupIds: args.securityGroupIds } };
  }
  const securityGroup = new aws.ec2.SecurityGroup(`${name}-functions`, {
    vpcId: args.vpcId,
    description: `Lambda functions of ${name} that reach Neo4j`,
    egress: [
      { description: 'AWS APIs (through NAT or endpoints)', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
      { description: 'Neo4j Bolt', protocol: 'tcp', fromPort: 7687, toPort: 7687, cidrBlocks: ['0.0.0.0/0'] },
    ],
  }, { parent });
  return { network: { subnetIds: args.vpcSubnetIds, securityGroupIds: [securityGroup.id] }, securityGroup };
}

/** Throws an error naming the args at fault when the network args are not exactly one of adopt or create. */
export function validateFunctionNetworkArgs(componentType: string, name: string, args: FunctionNetworkArgs): void {
  const where = `${componentType} "${name}"`;
  if (args.vpcSubnetIds === undefined || args.vpcSubnetIds === null) {
    throw new Error(`${where}: vpcSubnetIds is required (the private subnets of the functions that reach Neo4j); got ${String(args.vpcSubnetIds)}.`);
  }
  if (!Array.isArray(args.vpcSubnetIds) || args.vpcSubnetIds.length === 0) {
    throw new Error(`${where}: vpcSubnetIds must name at least one private subnet.`);
  }
  if (args.securityGroupIds !== undefined && args.vpcId !== undefined) {
    throw new Error(`${where}: give either securityGroupIds (adopt existing groups) or vpcId (create a group), not both.`);
  }
  if (args.securityGroupIds !== undefined && args.securityGroupIds.length === 0) {
    throw new Error(`${where}: securityGroupIds must name at least one security group (or give vpcId instead to create one).`);
  }
  if (args.securityGroupIds === undefined && args.vpcId === undefined) {
    throw new Error(`${where}: give securityGroupIds (adopt existing groups) or vpcId (create a group) for the functions that reach Neo4j.`);
  }
}
