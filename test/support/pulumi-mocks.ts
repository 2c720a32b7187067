import * as pulumi from '@pulumi/pulumi';

/** One resource the program under test asked Pulumi to create. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The id and state the mocks answered with: the inputs plus what the provider would compute. */
  id: string;
  outputs: Record<string, unknown>;
}

export const MOCK_REGION = 'us-east-1';
export const MOCK_ACCOUNT = '123456789012';
/** What the mocked random password resolves to: tests look for it where it must not be. */
export const MOCK_PASSWORD = 'mock-neo4j-password-0123456789ab';
export const MOCK_NAME_SUFFIX = 'x7k2m9q4';
export const MOCK_AMI = 'ami-0123456789abcdef0';

const INSTANCE_TYPES: Record<string, { memorySize: number; supportedArchitectures: string[] }> = {
  't4g.medium': { memorySize: 4096, supportedArchitectures: ['arm64'] },
  't4g.large': { memorySize: 8192, supportedArchitectures: ['arm64'] },
  'm7i.xlarge': { memorySize: 16384, supportedArchitectures: ['x86_64'] },
  't4g.small': { memorySize: 2048, supportedArchitectures: ['arm64'] },
  't4g.micro': { memorySize: 1024, supportedArchitectures: ['arm64'] },
};

const arn = (service: string, resource: string) => `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${resource}`;

/** Outputs a real provider would compute, derived from the inputs so that tests can follow references. */
function computedState(type: string, name: string, id: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const physicalName = (inputs.name as string | undefined) ?? `${name}-physical`;
  switch (type) {
    case 'random:index/randomString:RandomString':
      return { result: MOCK_NAME_SUFFIX };
    case 'random:index/randomPassword:RandomPassword':
      return { result: MOCK_PASSWORD };
    case 'aws:dynamodb/table:Table':
      return { name: physicalName, arn: arn('dynamodb', `table/${physicalName}`) };
    case 'aws:sns/topic:Topic':
      return { name: physicalName, arn: arn('sns', physicalName) };
    case 'aws:apigatewayv2/api:Api': {
      const scheme = inputs.protocolType === 'WEBSOCKET' ? 'wss' : 'https';
      return { apiEndpoint: `${scheme}://${id}.execute-api.${MOCK_REGION}.amazonaws.com`, executionArn: arn('execute-api', id), arn: `arn:aws:apigateway:${MOCK_REGION}::/apis/${id}` };
    }
    case 'aws:lambda/function:Function': {
      const fnArn = arn('lambda', `function:${physicalName}`);
      return { name: physicalName, arn: fnArn, invokeArn: `arn:aws:apigateway:${MOCK_REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations` };
    }
    case 'aws:cognito/userPool:UserPool':
      return { arn: arn('cognito-idp', `userpool/${id}`), endpoint: `cognito-idp.${MOCK_REGION}.amazonaws.com/${id}` };
    case 'aws:ec2/instance:Instance':
      return { privateIp: '10.0.7.21', arn: arn('ec2', `instance/${id}`) };
    case 'aws:ec2/subnet:Subnet':
      return { arn: arn('ec2', `subnet/${id}`) };
    case 'aws:secretsmanager/secret:Secret':
      return { arn: arn('secretsmanager', `secret:${physicalName}-AbCdEf`) };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { name: physicalName, arn: arn('logs', `log-group:${physicalName}`) };
    case 'aws:cloudwatch/eventRule:EventRule':
      return { name: physicalName, arn: arn('events', `rule/${physicalName}`) };
    case 'aws:ec2/eip:Eip':
      return { allocationId: `eipalloc-${name}` };
    case 'aws:s3/bucket:Bucket':
      return { bucket: physicalName, arn: `arn:aws:s3:::${physicalName}`, bucketRegionalDomainName: `${physicalName}.s3.${MOCK_REGION}.amazonaws.com` };
    case 'aws:cloudfront/distribution:Distribution':
      return { domainName: `${id}.cloudfront.net`, arn: `arn:aws:cloudfront::${MOCK_ACCOUNT}:distribution/${id}` };
    default:
      return { name: physicalName, arn: arn(type.split(':')[1].split('/')[0], `${name}`) };
  }
}

/**
 * Mocks that record every resource, compute the outputs the components read, and answer only the
 * function calls the components are known to make: any other call fails the test.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  public readonly resources: RecordedResource[] = [];
  public readonly calls: string[] = [];
  public readonly callInputs: Record<string, unknown>[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, unknown>;
    // A bucket's id is its name, as in AWS, so resources that name the bucket by id match it.
    const id = args.type === 'aws:s3/bucket:Bucket' ? ((inputs.bucket as string | undefined) ?? `${args.name}-physical`) : `${args.name}-id`;
    const state = { ...inputs, ...computedState(args.type, args.name, id, inputs) };
    this.resources.push({ type: args.type, name: args.name, inputs, id, outputs: state });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    this.calls.push(args.token);
    this.callInputs.push({ token: args.token, ...args.inputs });
    const inputs = args.inputs as Record<string, string>;
    switch (args.token) {
      case 'aws:index/getAvailabilityZones:getAvailabilityZones':
        return { names: [`${MOCK_REGION}a`, `${MOCK_REGION}b`, `${MOCK_REGION}c`], zoneIds: ['use1-az1', 'use1-az2', 'use1-az3'], id: MOCK_REGION };
      case 'aws:index/getRegion:getRegion':
        return { id: MOCK_REGION, name: MOCK_REGION, region: MOCK_REGION, description: 'mock region', endpoint: `ec2.${MOCK_REGION}.amazonaws.com` };
      case 'aws:ec2/getSubnet:getSubnet':
        return { id: inputs.id, availabilityZone: `${MOCK_REGION}b`, vpcId: 'vpc-given' };
      case 'aws:ec2/getInstanceType:getInstanceType': {
        const known = INSTANCE_TYPES[inputs.instanceType];
        if (!known) throw new Error(`mock: unknown instance type ${inputs.instanceType}`);
        return { instanceType: inputs.instanceType, ...known };
      }
      case 'aws:ssm/getParameter:getParameter':
        if (!inputs.name.startsWith('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-')) {
          throw new Error(`mock: unexpected SSM parameter ${inputs.name}`);
        }
        return { name: inputs.name, type: 'String', value: MOCK_AMI, insecureValue: MOCK_AMI };
      default:
        throw new Error(`mock: unexpected call ${args.token} ${JSON.stringify(args.inputs)}`);
    }
  }
}

/** Waits until every resource registration started so far has reached the mocks. */
export async function settle(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** The value of an output (mocks run without preview, so every output is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));
}

/** A child resource's type, name and parent URN type, seen by a transformation on the component. */
export interface ChildRegistration {
  type: string;
  name: string;
  parentType?: string;
  parentName?: string;
  /** `type::name` of each explicit `dependsOn`. */
  dependsOn: string[];
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
}

type NamedResource = pulumi.Resource & { __name?: string; __pulumiType?: string };
const describe = (resource: NamedResource) => `${resource.__pulumiType}::${resource.__name}`;

/**
 * Component options that record, for every child (at any depth), its type, name and direct parent.
 * Transformations pass to children, so this sees each child the component creates.
 */
export function recordChildren(into: ChildRegistration[]): pulumi.ComponentResourceOptions {
  return {
    transformations: [(args) => {
      const parent = args.opts.parent as NamedResource | undefined;
      const dependsOn = args.opts.dependsOn;
      const dependencies = (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) as NamedResource[];
      into.push({
        type: args.type,
        name: args.name,
        parentType: parent?.__pulumiType,
        parentName: parent?.__name,
        dependsOn: dependencies.map(describe),
        ignoreChanges: args.opts.ignoreChanges ?? [],
        deleteBeforeReplace: (args.opts as pulumi.CustomResourceOptions).deleteBeforeReplace ?? false,
      });
      return undefined;
    }],
  };
}
