import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { type RateLimitArgs, rateLimitEnvironment } from './rate-limit-settings';
import { AlarmNotificationArgs, alarmActions } from './alarms';
import { allowApiGatewayInvoke, createStage } from './api-gateway';
import { Rule, arnOf, integerBetween } from './argument-checks';
import { checkFunctionComponentArgs } from './common-arg-checks';
import { FunctionNetworkArgs, resolveFunctionNetwork } from './function-network';
import { FunctionSettingsArgs, functionSettings } from './function-settings';
import { handlerBundleSha256 } from './handler-code';
import { HTTP_ROUTE_KEYS, routeSlug } from './http-routes';
import { connectionsTableStatement, publishEventsStatement } from './iam';
import { createHandlerFunction } from './lambda-function';
import { nameSuffix } from './naming';
import { neo4jClient } from './neo4j-client';

/** Arguments of {@link GroupChatBackend}. */
export interface GroupChatBackendArgs extends FunctionNetworkArgs, FunctionSettingsArgs, RateLimitArgs, AlarmNotificationArgs {
  /** Issuer the JWT authorizer trusts, e.g. `GoogleCognitoAuth.issuerUrl`. */
  readonly authIssuer: pulumi.Input<string>;
  /** Audience (app client id) the JWT authorizer requires, e.g. `GoogleCognitoAuth.clientId`. */
  readonly authClientId: pulumi.Input<string>;
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
  /** ARN of the connections table, e.g. `RealtimeFanout.connectionsTableArn`. */
  readonly connectionsTableArn: pulumi.Input<string>;
  /** ARN of the events topic, e.g. `RealtimeFanout.eventsTopicArn`. */
  readonly eventsTopicArn: pulumi.Input<string>;
  /**
   * Origins browsers may call the API from (CORS), e.g. the web client's URL.
   * @default - no CORS configuration: only same-origin and non-browser clients
   */
  readonly corsAllowOrigins?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Burst limit of the `$default` stage (requests).
   * @default 200
   */
  readonly throttlingBurstLimit?: pulumi.Input<number>;
  /**
   * Steady rate limit of the `$default` stage (requests per second).
   * @default 100
   */
  readonly throttlingRateLimit?: pulumi.Input<number>;
  /**
   * Timeout of the migration function, in seconds; on the first deployment it waits for Neo4j to start.
   * @default 300
   */
  readonly migrateTimeoutSeconds?: pulumi.Input<number>;
  /**
   * The share of the HTTP API's requests answered 5xx over 5 minutes, in whole percent, at which its alarm goes off.
   * @default 5
   */
  readonly http5xxRateAlarmPercent?: pulumi.Input<number>;
}

const TYPE = 'GroupChatBackend';
const HANDLERS = ['api', 'migrate'] as const;

/**
 * The REST API: an API Gateway HTTP API whose every contract route goes, behind a JWT authorizer on the
 * Cognito issuer and app client, to one `api` function running in the VPC next to Neo4j; the `$default`
 * stage with throttling and access logs; and the Neo4j schema migration, run on deploy by a Lambda
 * invocation that runs again whenever the migration code changes.
 *
 * A CloudWatch alarm watches the share of requests answered 5xx, notifying `alarmTopicArn` when given.
 *
 * Auth, realtime and Neo4j settings are plain inputs, so any of them may come from outside this library.
 */
export class GroupChatBackend extends pulumi.ComponentResource {
  /** The HTTP API. */
  public readonly api: aws.apigatewayv2.Api;
  /** The `$default` stage. */
  public readonly stage: aws.apigatewayv2.Stage;
  /** The function behind every route. */
  public readonly apiFunction: aws.lambda.Function;
  /** The schema migration function. */
  public readonly migrateFunction: aws.lambda.Function;
  /** The invocation of the migration on deploy. */
  public readonly migration: aws.lambda.Invocation;
  /** The CloudWatch alarms: the HTTP API's 5xx rate. */
  public readonly alarms: aws.cloudwatch.MetricAlarm[];
  /** The functions' security group, when the component created it (no `securityGroupIds` given). */
  public readonly functionSecurityGroup?: aws.ec2.SecurityGroup;
  /** Base URL of the REST API, `https://<api id>.execute-api.<region>.amazonaws.com`. */
  public readonly apiUrl: pulumi.Output<string>;
  /** Name of the REST function. */
  public readonly apiFunctionName: pulumi.Output<string>;
  /** Name of the migration function. */
  public readonly migrateFunctionName: pulumi.Output<string>;
  /** Id of the functions' security group (created or the first adopted one). */
  public readonly functionSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: GroupChatBackendArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered; Output values are checked once known.
    args = checkGroupChatBackendArgs(name, args);
    super(`groupchat:index:${TYPE}`, name, {}, opts);
    const parent = { parent: this };
    const { network, securityGroup } = resolveFunctionNetwork(this, TYPE, name, args);
    this.functionSecurityGroup = securityGroup;
    const settings = functionSettings(args);
    const suffix = nameSuffix(this, name);

    const { environment: neo4j, statements: readNeo4jSecrets } = neo4jClient(args);
    // A table ARN is `arn:<partition>:dynamodb:<region>:<account>:table/<name>`.
    const tableName = pulumi.output(args.connectionsTableArn).apply((arn) => arn.slice(arn.indexOf(':table/') + ':table/'.length));

    const api = createHandlerFunction(this, name, {
      handler: 'api',
      nameSuffix: suffix,
      environment: { ...neo4j, CONNECTIONS_TABLE: tableName, EVENTS_TOPIC_ARN: args.eventsTopicArn, ...rateLimitEnvironment(args) },
      statements: [...readNeo4jSecrets, connectionsTableStatement('api', args.connectionsTableArn), publishEventsStatement(args.eventsTopicArn)],
      network,
      settings,
    });
    const migrate = createHandlerFunction(this, name, {
      handler: 'migrate',
      nameSuffix: suffix,
      environment: neo4j,
      statements: readNeo4jSecrets,
      network,
      settings: { ...settings, timeoutSeconds: args.migrateTimeoutSeconds ?? 300 },
    });
    this.apiFunction = api.function;
    this.migrateFunction = migrate.function;

    this.api = new aws.apigatewayv2.Api(name, {
      protocolType: 'HTTP',
      corsConfiguration: args.corsAllowOrigins === undefined ? undefined : {
        allowOrigins: args.corsAllowOrigins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['authorization', 'content-type'],
        // A 429 says when to try again; browsers hide the header from scripts unless it is exposed.
        exposeHeaders: ['retry-after'],
        maxAge: 3600,
      },
    }, parent);
    const authorizer = new aws.apigatewayv2.Authorizer(name, {
      apiId: this.api.id,
      authorizerType: 'JWT',
      identitySources: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: args.authIssuer, audiences: [args.authClientId] },
    }, parent);
    const integration = new aws.apigatewayv2.Integration(name, {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: api.function.invokeArn,
      payloadFormatVersion: '2.0',
    }, parent);
    for (const routeKey of HTTP_ROUTE_KEYS) {
      new aws.apigatewayv2.Route(`${name}-${routeSlug(routeKey)}`, {
        apiId: this.api.id,
        routeKey,
        target: pulumi.interpolate`integrations/${integration.id}`,
        authorizationType: 'JWT',
        authorizerId: authorizer.id,
      }, parent);
    }
    allowApiGatewayInvoke(this, `${name}-api`, api.function, pulumi.interpolate`${this.api.executionArn}/*/*`);
    ({ stage: this.stage } = createStage(this, name, this.api.id, '$default', {
      throttlingBurstLimit: args.throttlingBurstLimit ?? 200,
      throttlingRateLimit: args.throttlingRateLimit ?? 100,
      logRetentionDays: settings.logRetentionDays,
    }));

    // The migrate handler ignores its payload; the bundle's hash is there so that new schema code re-runs it.
    const migrateBundleSha256 = handlerBundleSha256('migrate');
    this.migration = new aws.lambda.Invocation(`${name}-migrate`, {
      functionName: migrate.function.name,
      input: JSON.stringify({ migrateBundleSha256 }),
      triggers: { migrateBundleSha256 },
    }, parent);

    this.alarms = [http5xxRateAlarm(this, name, this.api.id, args.http5xxRateAlarmPercent ?? 5, args.alarmTopicArn)];

    this.apiUrl = this.api.apiEndpoint;
    this.apiFunctionName = api.function.name;
    this.migrateFunctionName = migrate.function.name;
    this.functionSecurityGroupId = pulumi.output(network.securityGroupIds[0]);

    this.registerOutputs({
      apiUrl: this.apiUrl,
      apiFunctionName: this.apiFunctionName,
      migrateFunctionName: this.migrateFunctionName,
      functionSecurityGroupId: this.functionSecurityGroupId,
    });
  }
}

/** A CORS origin: `scheme://host[:port]` with nothing after it, or `*`. */
const ORIGIN: Rule<string> = {
  test: (value) => {
    if (value === '*') return true;
    try {
      const url = new URL(value);
      return ['http:', 'https:'].includes(url.protocol) && `${url.protocol}//${url.host}` === value;
    } catch {
      return false;
    }
  },
  text: 'be an origin such as "https://chat.example.com" (scheme and host, no path or trailing slash) or "*"',
};

function checkGroupChatBackendArgs(name: string, given: GroupChatBackendArgs | undefined): GroupChatBackendArgs {
  return checkFunctionComponentArgs(TYPE, name, HANDLERS, given, (checks, args) => ({
    connectionsTableArn: checks.check(
      'connectionsTableArn',
      checks.required('connectionsTableArn', args.connectionsTableArn, 'e.g. RealtimeFanout.connectionsTableArn'),
      arnOf('dynamodb', 'table/'),
    ),
    eventsTopicArn: checks.check('eventsTopicArn', checks.required('eventsTopicArn', args.eventsTopicArn, 'e.g. RealtimeFanout.eventsTopicArn'), arnOf('sns')),
    corsAllowOrigins: checks.checkList('corsAllowOrigins', args.corsAllowOrigins, 1, ORIGIN),
    migrateTimeoutSeconds: checks.check('migrateTimeoutSeconds', args.migrateTimeoutSeconds, integerBetween(1, 900)),
    http5xxRateAlarmPercent: checks.check('http5xxRateAlarmPercent', args.http5xxRateAlarmPercent, integerBetween(1, 100)),
  }));
}

/** An alarm when 5xx answers reach `percent` of the HTTP API's requests over 5 minutes (quiet periods count as 0 %). */
function http5xxRateAlarm(
  parent: pulumi.Resource,
  name: string,
  apiId: pulumi.Input<string>,
  percent: pulumi.Input<number>,
  alarmTopicArn: pulumi.Input<string> | undefined,
): aws.cloudwatch.MetricAlarm {
  const sum = (id: string, metricName: string) => ({
    id,
    returnData: false,
    metric: { namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiId: apiId }, period: 300, stat: 'Sum' },
  });
  return new aws.cloudwatch.MetricAlarm(`${name}-5xx-rate`, {
    alarmDescription: 'HTTP API: share of requests answered 5xx in the last 5 minutes, in percent',
    metricQueries: [
      sum('errors', '5xx'),
      sum('requests', 'Count'),
      { id: 'rate', expression: 'IF(requests > 0, 100 * errors / requests, 0)', label: '5xx rate (%)', returnData: true },
    ],
    evaluationPeriods: 1,
    threshold: percent,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    ...alarmActions(alarmTopicArn),
  }, { parent });
}
