import * as pulumi from '@pulumi/pulumi';
import type { HandlerName } from './handler-code';

/** One IAM policy statement, always an `Allow` on named resources. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, string>>;
}

/** A policy document as the JSON string IAM takes. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements });
}

/** The trust policy that lets one AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * What a Lambda function attached to a VPC needs to manage its network interfaces (the actions of the
 * `AWSLambdaVPCAccessExecutionRole` managed policy). EC2 does not support resource-level permissions
 * for these actions, so AWS requires `Resource: "*"`: that is why they live in their own statement.
 */
export const VPC_NETWORK_INTERFACE_STATEMENT: PolicyStatement = {
  Sid: 'VpcNetworkInterfacesEc2RequiresWildcardResource',
  Effect: 'Allow',
  Action: [
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
  ],
  Resource: '*',
};

/** Reads one Secrets Manager secret. */
export function readSecretStatement(secretArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn };
}

/** Reads the secret holding Bolt's certificate (a function that trusts it). */
export function readCertificateStatement(secretArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'ReadNeo4jCertificate', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn };
}

/** Reads and writes the secret holding Bolt's certificate (the instance that makes it). */
export function publishCertificateStatement(secretArn: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: 'PublishBoltCertificate',
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
    Resource: secretArn,
  };
}

/**
 * Writes metrics to one CloudWatch namespace. `PutMetricData` has no resource-level permissions, so AWS
 * requires `Resource: "*"`; the namespace condition is what narrows it.
 */
export function putMetricDataStatement(namespace: string): PolicyStatement {
  return {
    Sid: 'PutMetricDataCloudWatchRequiresWildcardResource',
    Effect: 'Allow',
    Action: ['cloudwatch:PutMetricData'],
    Resource: '*',
    Condition: { StringEquals: { 'cloudwatch:namespace': namespace } },
  };
}

/**
 * The DynamoDB actions each function takes on the connections table's items, and no others (no table
 * administration, no other table; the table has no index). test/runtime/connections-table-access.test.ts runs
 * every handler against dynalite and checks that each sends exactly these.
 */
export const CONNECTIONS_TABLE_ACTIONS = {
  // Subscribes and unsubscribes a joining or leaving member's connections; reads the members' presence; takes
  // rate-limit tokens (a conditional update, and a read when there is none).
  api: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // Records the connection and its subscriptions; adds it to the user's presence.
  'ws-connect': ['dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
  // Finds and deletes the connection's items; removes it from the user's presence.
  'ws-disconnect': ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
  // Typing: checks the connection's subscription, takes the typing slot. Sending: takes rate-limit tokens.
  'ws-default': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // Reads an audience's connections; forgets a gone one as `$disconnect` does.
  fanout: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
  // Scans for presence items whose every connection expired, and removes those entries.
  'presence-sweep': ['dynamodb:Scan', 'dynamodb:UpdateItem'],
} as const satisfies Partial<Record<HandlerName, readonly string[]>>;

/** The functions that use the connections table. */
export type ConnectionsTableUser = keyof typeof CONNECTIONS_TABLE_ACTIONS;

/** What one function may do with the items of the connections table: {@link CONNECTIONS_TABLE_ACTIONS}. */
export function connectionsTableStatement(handler: ConnectionsTableUser, tableArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'ConnectionsTableItems', Effect: 'Allow', Action: [...CONNECTIONS_TABLE_ACTIONS[handler]], Resource: tableArn };
}

/** Publishes to one SNS topic. */
export function publishEventsStatement(topicArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'PublishEvents', Effect: 'Allow', Action: ['sns:Publish'], Resource: topicArn };
}

/** Posts to the connections of one WebSocket API stage through the `@connections` management API. */
export function manageConnectionsStatement(apiExecutionArn: pulumi.Input<string>, stageName: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: 'ManageWebSocketConnections',
    Effect: 'Allow',
    Action: ['execute-api:ManageConnections'],
    Resource: pulumi.interpolate`${apiExecutionArn}/${stageName}/*/@connections/*`,
  };
}

/** Sends to one SQS queue (the fan-out's on-failure destination, which Lambda calls with the function's role). */
export function sendMessageStatement(queueArn: pulumi.Input<string>): PolicyStatement {
  return { Sid: 'SendFailedDeliveries', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queueArn };
}
