import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { type RateLimitArgs, rateLimitEnvironment } from './rate-limit-settings';
import { AlarmNotificationArgs, createAlarm, functionAlarms } from './alarms';
import { allowApiGatewayInvoke, createStage } from './api-gateway';
import { integerBetween, matching, urlWithScheme } from './argument-checks';
import { checkFunctionComponentArgs } from './common-arg-checks';
import { FunctionNetworkArgs, resolveFunctionNetwork } from './function-network';
import { FunctionSettingsArgs, functionSettings } from './function-settings';
import { HandlerName } from './handler-code';
import {
  ConnectionsTableUser,
  PolicyStatement,
  connectionsTableStatement,
  manageConnectionsStatement,
  publishEventsStatement,
  sendMessageStatement,
} from './iam';
import { HandlerFunction, createHandlerFunction } from './lambda-function';
import { nameSuffix } from './naming';
import { neo4jClient } from './neo4j-client';

/** Arguments of {@link RealtimeFanout}. */
export interface RealtimeFanoutArgs extends FunctionNetworkArgs, FunctionSettingsArgs, RateLimitArgs, AlarmNotificationArgs {
  /** Bolt URI of Neo4j, e.g. `Neo4jInstance.boltUri`. */
  readonly neo4jBoltUri: pulumi.Input<string>;
  /** ARN of the Secrets Manager secret with the Neo4j password, e.g. `Neo4jInstance.passwordSecretArn`. */
  readonly neo4jPasswordSecretArn: pulumi.Input<string>;
  /**
   * ARN of the Secrets Manager secret with the certificate (PEM) of Neo4j's Bolt endpoint, e.g.
   * `Neo4jInstance.certificateSecretArn`. The functions then trust that certificate and no other, and
   * `neo4jBoltUri` must be `bolt+s://` or `neo4j+s://`.
   * @default - no pinned certificate: a `bolt+s://` URI is verified against the system's CAs, a `bolt://` one is not encrypted
   */
  readonly neo4jCertificateSecretArn?: pulumi.Input<string>;
  /** Issuer of the tokens the `$connect` authorizer accepts, e.g. `GoogleCognitoAuth.issuerUrl`. */
  readonly authIssuer: pulumi.Input<string>;
  /** Audience (app client id) of the tokens the `$connect` authorizer accepts, e.g. `GoogleCognitoAuth.clientId`. */
  readonly authClientId: pulumi.Input<string>;
  /**
   * JWKS URI of the issuer.
   * @default - `<authIssuer>/.well-known/jwks.json` (the handler's default)
   */
  readonly authJwksUri?: pulumi.Input<string>;
  /**
   * Name of the WebSocket stage.
   * @default "live"
   */
  readonly stageName?: string;
  /**
   * Burst limit of the stage's default route settings (requests).
   * @default 500
   */
  readonly throttlingBurstLimit?: pulumi.Input<number>;
  /**
   * Steady rate limit of the stage's default route settings (requests per second).
   * @default 200
   */
  readonly throttlingRateLimit?: pulumi.Input<number>;
  /**
   * Minutes between two runs of the presence sweep, which announces offline the users whose connections
   * all expired without a `$disconnect` (API Gateway's is best effort). Each run scans the connections table.
   * @default 5
   */
  readonly presenceSweepIntervalMinutes?: pulumi.Input<number>;
}

const TYPE = 'RealtimeFanout';
const HANDLERS = ['ws-authorizer', 'ws-connect', 'ws-disconnect', 'ws-default', 'fanout', 'presence-sweep'] as const;

/**
 * Real-time delivery over an API Gateway WebSocket API: `$connect` behind a REQUEST authorizer that checks
 * the `?token=` ID token, `$disconnect` and `$default` (`ping`, `sendMessage`); the connections table
 * (DynamoDB, TTL on `expiresAt`, point-in-time recovery, encrypted); the events topic (SNS, encrypted with
 * the AWS managed key) and the fan-out function subscribed to it, which posts to connections through the
 * `@connections` management API; the presence sweep, run on a schedule. Each function may touch only this API,
 * this table and this topic, and of the table's items only with the actions it uses.
 *
 * Fan-out invocations that still fail after Lambda's two retries go to the failed-deliveries queue (SQS,
 * encrypted, kept 14 days). CloudWatch alarms watch the fan-out function's errors and throttles and that
 * queue's depth (any in 5 minutes), notifying `alarmTopicArn` when given.
 *
 * WebSocket access logs need the account's API Gateway CloudWatch role (`aws.apigateway.Account`), set
 * once per account and region.
 */
export class RealtimeFanout extends pulumi.ComponentResource {
  /** The WebSocket API. */
  public readonly api: aws.apigatewayv2.Api;
  /** The WebSocket stage. */
  public readonly stage: aws.apigatewayv2.Stage;
  /** The connections table. */
  public readonly connectionsTable: aws.dynamodb.Table;
  /** The events topic. */
  public readonly eventsTopic: aws.sns.Topic;
  /** The `$connect` authorizer function (`ws-authorizer`). */
  public readonly authorizerFunction: aws.lambda.Function;
  /** The `$connect` function (`ws-connect`). */
  public readonly connectFunction: aws.lambda.Function;
  /** The `$disconnect` function (`ws-disconnect`). */
  public readonly disconnectFunction: aws.lambda.Function;
  /** The `$default` function (`ws-default`). */
  public readonly defaultFunction: aws.lambda.Function;
  /** The fan-out function subscribed to the events topic (`fanout`). */
  public readonly fanoutFunction: aws.lambda.Function;
  /** The presence sweep function (`presence-sweep`). */
  public readonly presenceSweepFunction: aws.lambda.Function;
  /** The EventBridge rule that runs the presence sweep every `presenceSweepIntervalMinutes`. */
  public readonly presenceSweepSchedule: aws.cloudwatch.EventRule;
  /** The functions' security group, when the component created it (no `securityGroupIds` given). */
  public readonly functionSecurityGroup?: aws.ec2.SecurityGroup;
  /** The queue that receives fan-out invocations that failed after Lambda's retries (their SNS event). */
  public readonly failedDeliveriesQueue: aws.sqs.Queue;
  /** The CloudWatch alarms: fan-out errors, fan-out throttles, failed deliveries waiting in the queue. */
  public readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** Name of the fan-out function (its delivery metrics carry it as the `FunctionName` dimension). */
  public readonly fanoutFunctionName: pulumi.Output<string>;
  /** Name of the failed-deliveries queue. */
  public readonly failedDeliveriesQueueName: pulumi.Output<string>;
  /** WebSocket URL clients connect to, `wss://<api id>.execute-api.<region>.amazonaws.com/<stage>`. */
  public readonly websocketUrl: pulumi.Output<string>;
  /** Endpoint of the `@connections` management API, `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`. */
  public readonly managementEndpoint: pulumi.Output<string>;
  /** ARN of the events topic. */
  public readonly eventsTopicArn: pulumi.Output<string>;
  /** Name of the connections table. */
  public readonly connectionsTableName: pulumi.Output<string>;
  /** ARN of the connections table. */
  public readonly connectionsTableArn: pulumi.Output<string>;
  /** Id of the functions' security group (created or the first adopted one). */
  public readonly functionSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: RealtimeFanoutArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered, so bad input leaves nothing half made; Output values once known.
    args = checkRealtimeFanoutArgs(name, args);
    super(`groupchat:index:${TYPE}`, name, {}, opts);
    const stageName = args.stageName ?? 'live';
    const parent = { parent: this };
    const { network, securityGroup } = resolveFunctionNetwork(this, TYPE, name, args);
    this.functionSecurityGroup = securityGroup;
    const settings = functionSettings(args);
    const suffix = nameSuffix(this, name);

    this.connectionsTable = new aws.dynamodb.Table(`${name}-connections`, {
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      attributes: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    }, parent);
    this.eventsTopic = new aws.sns.Topic(`${name}-events`, { kmsMasterKeyId: 'alias/aws/sns' }, parent);

    this.api = new aws.apigatewayv2.Api(name, {
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: '$request.body.action',
    }, parent);
    this.managementEndpoint = pulumi.interpolate`${this.api.apiEndpoint.apply((endpoint) => endpoint.replace(/^wss:/, 'https:'))}/${stageName}`;

    const table = { CONNECTIONS_TABLE: this.connectionsTable.name };
    const { environment: neo4j, statements: readNeo4jSecrets } = neo4jClient(args);
    const auth: Record<string, pulumi.Input<string>> = { AUTH_ISSUER: args.authIssuer, AUTH_CLIENT_ID: args.authClientId };
    if (args.authJwksUri !== undefined) {
      auth.AUTH_JWKS_URI = args.authJwksUri;
    }
    const tableAccess = (handler: ConnectionsTableUser) => connectionsTableStatement(handler, this.connectionsTable.arn);
    const publish = publishEventsStatement(this.eventsTopic.arn);
    const manage = manageConnectionsStatement(this.api.executionArn, stageName);
    const delivery = { EVENTS_TOPIC_ARN: this.eventsTopic.arn, WEBSOCKET_MANAGEMENT_ENDPOINT: this.managementEndpoint };

    const make = (handler: HandlerName, environment: Record<string, pulumi.Input<string>>, statements: PolicyStatement[], inVpc: boolean) =>
      createHandlerFunction(this, name, { handler, nameSuffix: suffix, environment, statements, network: inVpc ? network : undefined, settings });
    const authorizerFn = make('ws-authorizer', auth, [], false);
    // Connecting, disconnecting and the sweep publish presence events.
    const topic = { EVENTS_TOPIC_ARN: this.eventsTopic.arn };
    const connectFn = make('ws-connect', { ...neo4j, ...table, ...topic }, [tableAccess('ws-connect'), publish, ...readNeo4jSecrets], true);
    const disconnectFn = make('ws-disconnect', { ...table, ...topic }, [tableAccess('ws-disconnect'), publish], false);
    const defaultFn = make('ws-default', { ...neo4j, ...table, ...delivery, ...rateLimitEnvironment(args) }, [tableAccess('ws-default'), publish, manage, ...readNeo4jSecrets], true);
    this.failedDeliveriesQueue = new aws.sqs.Queue(`${name}-fanout-failures`, {
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    }, parent);
    const sendFailed = sendMessageStatement(this.failedDeliveriesQueue.arn);
    const fanoutFn = make('fanout', { ...table, ...delivery }, [tableAccess('fanout'), publish, manage, sendFailed], false);
    // The sweep reads the expired users' groups from Neo4j.
    const sweepFn = make('presence-sweep', { ...neo4j, ...table, ...topic }, [tableAccess('presence-sweep'), publish, ...readNeo4jSecrets], true);
    this.authorizerFunction = authorizerFn.function;
    this.connectFunction = connectFn.function;
    this.disconnectFunction = disconnectFn.function;
    this.defaultFunction = defaultFn.function;
    this.fanoutFunction = fanoutFn.function;
    this.presenceSweepFunction = sweepFn.function;

    const authorizer = new aws.apigatewayv2.Authorizer(name, {
      apiId: this.api.id,
      authorizerType: 'REQUEST',
      authorizerUri: authorizerFn.function.invokeArn,
      identitySources: ['route.request.querystring.token'],
    }, parent);
    allowApiGatewayInvoke(this, `${name}-ws-authorizer`, authorizerFn.function, pulumi.interpolate`${this.api.executionArn}/authorizers/${authorizer.id}`);

    const routes: [string, HandlerFunction][] = [['$connect', connectFn], ['$disconnect', disconnectFn], ['$default', defaultFn]];
    for (const [routeKey, fn] of routes) {
      const base = `${name}-${routeKey.slice(1)}`;
      const integration = new aws.apigatewayv2.Integration(base, {
        apiId: this.api.id,
        integrationType: 'AWS_PROXY',
        integrationMethod: 'POST',
        integrationUri: fn.function.invokeArn,
      }, parent);
      allowApiGatewayInvoke(this, base, fn.function, pulumi.interpolate`${this.api.executionArn}/${stageName}/${routeKey}`);
      new aws.apigatewayv2.Route(base, {
        apiId: this.api.id,
        routeKey,
        target: pulumi.interpolate`integrations/${integration.id}`,
        ...(routeKey === '$connect' ? { authorizationType: 'CUSTOM', authorizerId: authorizer.id } : {}),
      }, parent);
    }

    ({ stage: this.stage } = createStage(this, name, this.api.id, stageName, {
      throttlingBurstLimit: args.throttlingBurstLimit ?? 500,
      throttlingRateLimit: args.throttlingRateLimit ?? 200,
      logRetentionDays: settings.logRetentionDays,
    }));

    new aws.sns.TopicSubscription(`${name}-fanout`, {
      topic: this.eventsTopic.arn,
      protocol: 'lambda',
      endpoint: fanoutFn.function.arn,
    }, parent);
    new aws.lambda.Permission(`${name}-fanout`, {
      action: 'lambda:InvokeFunction',
      function: fanoutFn.function.name,
      principal: 'sns.amazonaws.com',
      sourceArn: this.eventsTopic.arn,
    }, parent);
    // SNS invokes the fan-out asynchronously: after Lambda's retries, the event goes to the queue, not away.
    new aws.lambda.FunctionEventInvokeConfig(`${name}-fanout`, {
      functionName: fanoutFn.function.name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: this.failedDeliveriesQueue.arn } },
    }, parent);

    this.alarms = [
      ...functionAlarms(this, `${name}-fanout`, fanoutFn.function.name, 'Fan-out function', args.alarmTopicArn),
      createAlarm(this, `${name}-fanout-failures`, {
        description: 'Fan-out invocations failed after their retries: their events wait in the failed-deliveries queue',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: this.failedDeliveriesQueue.name },
        statistic: 'Maximum',
        threshold: 1,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: 'notBreaching',
      }, args.alarmTopicArn),
    ];

    const sweepMinutes = args.presenceSweepIntervalMinutes ?? 5;
    this.presenceSweepSchedule = new aws.cloudwatch.EventRule(`${name}-presence-sweep`, {
      description: 'Runs the presence sweep of the connections table.',
      scheduleExpression: pulumi.output(sweepMinutes).apply((minutes) => `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`),
    }, parent);
    new aws.cloudwatch.EventTarget(`${name}-presence-sweep`, { rule: this.presenceSweepSchedule.name, arn: sweepFn.function.arn }, parent);
    new aws.lambda.Permission(`${name}-presence-sweep`, {
      action: 'lambda:InvokeFunction',
      function: sweepFn.function.name,
      principal: 'events.amazonaws.com',
      sourceArn: this.presenceSweepSchedule.arn,
    }, parent);

    this.websocketUrl = pulumi.interpolate`${this.api.apiEndpoint}/${stageName}`;
    this.eventsTopicArn = this.eventsTopic.arn;
    this.connectionsTableName = this.connectionsTable.name;
    this.connectionsTableArn = this.connectionsTable.arn;
    this.functionSecurityGroupId = pulumi.output(network.securityGroupIds[0]);
    this.fanoutFunctionName = fanoutFn.function.name;
    this.failedDeliveriesQueueName = this.failedDeliveriesQueue.name;

    this.registerOutputs({
      websocketUrl: this.websocketUrl,
      managementEndpoint: this.managementEndpoint,
      eventsTopicArn: this.eventsTopicArn,
      connectionsTableName: this.connectionsTableName,
      connectionsTableArn: this.connectionsTableArn,
      functionSecurityGroupId: this.functionSecurityGroupId,
      fanoutFunctionName: this.fanoutFunctionName,
      failedDeliveriesQueueName: this.failedDeliveriesQueueName,
    });
  }
}

function checkRealtimeFanoutArgs(name: string, given: RealtimeFanoutArgs | undefined): RealtimeFanoutArgs {
  return checkFunctionComponentArgs(TYPE, name, HANDLERS, given, (checks, args) => ({
    authJwksUri: checks.check('authJwksUri', args.authJwksUri, urlWithScheme(['https:'])),
    stageName: checks.check('stageName', args.stageName, matching(/^[A-Za-z0-9_-]{1,128}$/, 'be 1 to 128 letters, digits, hyphens and underscores')) as string | undefined,
    presenceSweepIntervalMinutes: checks.check('presenceSweepIntervalMinutes', args.presenceSweepIntervalMinutes, integerBetween(1, 1440, 'minutes')),
  }));
}
