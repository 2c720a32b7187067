import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The CIDR block of a VPC the Neo4j component creates, and the blocks of its subnets. */
export const CREATED_VPC_CIDR = '10.0.0.0/16';
const PRIVATE_SUBNET_CIDRS = ['10.0.0.0/19', '10.0.32.0/19'];
const PUBLIC_SUBNET_CIDR = '10.0.128.0/24';

/** A VPC made for Neo4j and the functions that reach it. */
export interface CreatedVpc {
  vpc: aws.ec2.Vpc;
  privateSubnets: aws.ec2.Subnet[];
  natGateway: aws.ec2.NatGateway;
}

/**
 * Creates a VPC with two private subnets in two availability zones and one public subnet holding a
 * single NAT gateway. Everything in the private subnets (the Neo4j instance installing packages and
 * talking to SSM and Secrets Manager; the Lambda functions calling DynamoDB, SNS, Secrets Manager and
 * the `@connections` API) goes out through that NAT gateway. One NAT gateway costs less than the six
 * interface endpoints these services would need in two zones, and the single Neo4j instance already
 * ties the system to one zone; add endpoints or more NAT gateways by bringing your own VPC.
 */
export function createNeo4jVpc(parent: pulumi.Resource, name: string): CreatedVpc {
  const opts = { parent };
  const zones = aws.getAvailabilityZonesOutput({ state: 'available' }, opts).names;
  const vpc = new aws.ec2.Vpc(name, {
    cidrBlock: CREATED_VPC_CIDR,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: { Name: name },
  }, opts);

  const privateSubnets = PRIVATE_SUBNET_CIDRS.map((cidrBlock, index) => new aws.ec2.Subnet(`${name}-private-${index}`, {
    vpcId: vpc.id,
    cidrBlock,
    availabilityZone: zones[index],
    mapPublicIpOnLaunch: false,
    tags: { Name: `${name}-private-${index}` },
  }, opts));
  const publicSubnet = new aws.ec2.Subnet(`${name}-public`, {
    vpcId: vpc.id,
    cidrBlock: PUBLIC_SUBNET_CIDR,
    availabilityZone: zones[0],
    mapPublicIpOnLaunch: false,
    tags: { Name: `${name}-public` },
  }, opts);

  const internetGateway = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: { Name: name } }, opts);
  const natAddress = new aws.ec2.Eip(`${name}-nat`, { domain: 'vpc', tags: { Name: `${name}-nat` } }, opts);
  const natGateway = new aws.ec2.NatGateway(name, {
    subnetId: publicSubnet.id,
    allocationId: natAddress.allocationId,
    tags: { Name: name },
  }, { parent, dependsOn: [internetGateway] });

  const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, {
    vpcId: vpc.id,
    routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
    tags: { Name: `${name}-public` },
  }, opts);
  new aws.ec2.RouteTableAssociation(`${name}-public`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id }, opts);

  const privateRoutes = new aws.ec2.RouteTable(`${name}-private`, {
    vpcId: vpc.id,
    routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: natGateway.id }],
    tags: { Name: `${name}-private` },
  }, opts);
  privateSubnets.forEach((subnet, index) => new aws.ec2.RouteTableAssociation(`${name}-private-${index}`, {
    subnetId: subnet.id,
    routeTableId: privateRoutes.id,
  }, opts));

  return { vpc, privateSubnets, natGateway };
}
