import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HandlerName, handlerArchive } from './handler-code';
import { PolicyStatement, VPC_NETWORK_INTERFACE_STATEMENT, assumeRolePolicy, policyDocument } from './iam';

/** Settings every function of a component shares. */
export interface FunctionSettings {
  memorySizeMiB: pulumi.Input<number>;
  timeoutSeconds: pulumi.Input<number>;
  architecture: pulumi.Input<string>;
  logRetentionDays: pulumi.Input<number>;
  logLevel?: pulumi.Input<string>;
}

/** Where a function attached to a VPC runs. */
export interface FunctionNetwork {
  subnetIds: pulumi.Input<string>[];
  securityGroupIds: pulumi.Input<string>[];
}

/** What one handler function needs beyond the shared settings. */
export interface HandlerFunctionArgs {
  handler: HandlerName;
  /** The random suffix of the component, so function names are unique per stack but known before creation. */
  nameSuffix: pulumi.Input<string>;
  environment: Record<string, pulumi.Input<string>>;
  /** Statements beyond writing its own logs (and the VPC network interfaces when `network` is set). */
  statements: PolicyStatement[];
  network?: FunctionNetwork;
  settings: FunctionSettings;
}

/** A Lambda function with its own role, inline policy and log group, all children of one component. */
export interface HandlerFunction {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly function: aws.lambda.Function;
}

/** Lambda function names are at most 64 characters; the suffix takes 9 of them. */
export const MAX_BASE_NAME_LENGTH = 55;

/** The part of a function name the component controls: `<component name>-<handler>`. */
export function functionBaseName(componentName: string, handler: HandlerName): string {
  const base = `${componentName}-${handler}`;
  if (base.length > MAX_BASE_NAME_LENGTH) {
    throw new Error(
      `The component name "${componentName}" is too long: "${base}" must be at most ${MAX_BASE_NAME_LENGTH} characters to fit a Lambda function name.`,
    );
  }
  return base;
}

/**
 * Creates the function of one handler bundle: Node.js 22, handler `index.handler`, a role that may write
 * only to the function's own log group plus the given statements, and the log group
 * `/aws/lambda/<function name>` with retention, created before the function so Lambda never creates
 * one without retention.
 */
export function createHandlerFunction(parent: pulumi.Resource, componentName: string, args: HandlerFunctionArgs): HandlerFunction {
  const base = functionBaseName(componentName, args.handler);
  const functionName = pulumi.interpolate`${base}-${args.nameSuffix}`;
  const opts = { parent };

  const logGroup = new aws.cloudwatch.LogGroup(base, {
    name: pulumi.interpolate`/aws/lambda/${functionName}`,
    retentionInDays: args.settings.logRetentionDays,
  }, opts);

  const role = new aws.iam.Role(base, { assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com') }, opts);
  const statements: PolicyStatement[] = [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: pulumi.interpolate`${logGroup.arn}:*`,
    },
    ...(args.network ? [VPC_NETWORK_INTERFACE_STATEMENT] : []),
    ...args.statements,
  ];
  const policy = new aws.iam.RolePolicy(base, { role: role.id, policy: policyDocument(statements) }, opts);

  const variables: Record<string, pulumi.Input<string>> = { ...args.environment };
  if (args.settings.logLevel !== undefined) {
    variables.LOG_LEVEL = args.settings.logLevel;
  }
  const fn = new aws.lambda.Function(base, {
    name: functionName,
    role: role.arn,
    runtime: 'nodejs22.x',
    architectures: [args.settings.architecture],
    handler: 'index.handler',
    code: handlerArchive(args.handler),
    memorySize: args.settings.memorySizeMiB,
    timeout: args.settings.timeoutSeconds,
    environment: { variables },
    loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
    vpcConfig: args.network
      ? { subnetIds: args.network.subnetIds, securityGroupIds: args.network.securityGroupIds }
      : undefined,
  }, { parent, dependsOn: [logGroup, policy] });

  return { role, policy, logGroup, function: fn };
}
