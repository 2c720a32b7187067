import * as pulumi from '@pulumi/pulumi';
import { CREATED_VPC_CIDR, createNeo4jVpc } from './neo4j-network';

/**
 * Arguments of {@link GroupChatVpc}: none yet, the layout is fixed (see the class). The interface keeps the
 * `(name, args, opts)` shape of every component, so arguments can be added without breaking callers.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GroupChatVpcArgs {}

/**
 * The VPC that {@link Neo4jInstance} creates when given none, as a component of its own, for stacks that
 * need the VPC before the instance (for example to create the "database clients" security group that the
 * instance admits and the functions use): CIDR `10.0.0.0/16`, two private subnets in two zones, one
 * public subnet with a single NAT gateway through which the private subnets reach the internet and AWS APIs.
 */
export class GroupChatVpc extends pulumi.ComponentResource {
  /** Id of the VPC. */
  public readonly vpcId: pulumi.Output<string>;
  /** Ids of the two private subnets. */
  public readonly privateSubnetIds: pulumi.Output<string>[];
  /** CIDR block of the VPC. */
  public readonly cidrBlock: string = CREATED_VPC_CIDR;

  constructor(name: string, args: GroupChatVpcArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('groupchat:index:GroupChatVpc', name, args, opts);
    const created = createNeo4jVpc(this, name);
    this.vpcId = created.vpc.id;
    this.privateSubnetIds = created.privateSubnets.map((subnet) => subnet.id);
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
  }
}
