import * as pulumi from '@pulumi/pulumi';
import { MOCK_ACCOUNT, MOCK_NAME_SUFFIX, MOCK_REGION, RecordingMocks, valueOf } from '../support/pulumi-mocks';
import { Constructed, construct, expectAllParentedTo } from './harness';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import { RealtimeFanout, RealtimeFanoutArgs } from '../../src/components';

const TYPE = 'groupchat:index:RealtimeFanout';
const SECRET_ARN = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:neo4j-password-AbCdEf`;
const CERTIFICATE_ARN = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:neo4j-certificate-AbCdEf`;
const ARGS: RealtimeFanoutArgs = {
  neo4jBoltUri: 'bolt+s://10.0.7.21:7687',
  neo4jPasswordSecretArn: SECRET_ARN,
  neo4jCertificateSecretArn: CERTIFICATE_ARN,
  authIssuer: `https://cognito-idp.${MOCK_REGION}.amazonaws.com/${MOCK_REGION}_pool`,
  authClientId: 'client-id',
  vpcSubnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-db-clients'],
};
const build = (name: string, args: Partial<RealtimeFanoutArgs> = {}) =>
  construct(mocks, TYPE, name, (opts) => new RealtimeFanout(name, { ...ARGS, ...args }, opts));

const HANDLERS = ['ws-authorizer', 'ws-connect', 'ws-disconnect', 'ws-default', 'fanout', 'presence-sweep'];
const inventory = (name: string) => [
  `aws:apigatewayv2/api:Api::${name}`,
  `aws:apigatewayv2/authorizer:Authorizer::${name}`,
  `aws:apigatewayv2/stage:Stage::${name}`,
  `aws:cloudwatch/logGroup:LogGroup::${name}-access-logs`,
  `aws:dynamodb/table:Table::${name}-connections`,
  `aws:sns/topic:Topic::${name}-events`,
  `aws:sns/topicSubscription:TopicSubscription::${name}-fanout`,
  `aws:lambda/permission:Permission::${name}-fanout`,
  `aws:cloudwatch/eventRule:EventRule::${name}-presence-sweep`,
  `aws:cloudwatch/eventTarget:EventTarget::${name}-presence-sweep`,
  `aws:lambda/permission:Permission::${name}-presence-sweep`,
  `aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig::${name}-fanout`,
  `aws:sqs/queue:Queue::${name}-fanout-failures`,
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-fanout-errors`,
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-fanout-throttles`,
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-fanout-failures`,
  `random:index/randomString:RandomString::${name}`,
  ...['connect', 'disconnect', 'default'].flatMap((route) => [
    `aws:apigatewayv2/integration:Integration::${name}-${route}`,
    `aws:apigatewayv2/route:Route::${name}-${route}`,
    `aws:lambda/permission:Permission::${name}-${route}`,
  ]),
  `aws:lambda/permission:Permission::${name}-ws-authorizer`,
  ...HANDLERS.flatMap((handler) => [
    `aws:cloudwatch/logGroup:LogGroup::${name}-${handler}`,
    `aws:iam/role:Role::${name}-${handler}`,
    `aws:iam/rolePolicy:RolePolicy::${name}-${handler}`,
    `aws:lambda/function:Function::${name}-${handler}`,
  ]),
].sort();

describe('RealtimeFanout with default args (adopting the database clients security group)', () => {
  let built: Constructed<RealtimeFanout>;
  const name = 'rt';
  const tableArn = `arn:aws:dynamodb:${MOCK_REGION}:${MOCK_ACCOUNT}:table/rt-connections-physical`;
  const topicArn = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:rt-events-physical`;
  const executionArn = `arn:aws:execute-api:${MOCK_REGION}:${MOCK_ACCOUNT}:rt-id`;
  const endpoint = `https://rt-id.execute-api.${MOCK_REGION}.amazonaws.com/live`;
  beforeAll(async () => {
    built = await build(name);
  });

  test('creates exactly the API, table, topic, six functions with their roles and log groups, and the schedule of the sweep, parented to it', () => {
    expect(built.inventory()).toEqual(inventory(name));
    expectAllParentedTo(built);
  });

  test('the connections table: pk/sk keys, TTL on expiresAt, point-in-time recovery, encrypted, on demand', () => {
    expect(built.inputs('aws:dynamodb/table:Table', 'rt-connections')).toEqual({
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      attributes: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    });
  });

  test('failed asynchronous fan-out invocations go, after two retries, to an encrypted queue kept 14 days', () => {
    expect(built.inputs('aws:sqs/queue:Queue', 'rt-fanout-failures')).toEqual({ sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 });
    expect(built.inputs('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig', 'rt-fanout')).toEqual({
      functionName: `rt-fanout-${MOCK_NAME_SUFFIX}`,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: `arn:aws:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:rt-fanout-failures` } },
    });
  });

  test.each([
    ['rt-fanout-errors', 'AWS/Lambda', 'Errors', { FunctionName: `rt-fanout-${MOCK_NAME_SUFFIX}` }, 'Sum'],
    ['rt-fanout-throttles', 'AWS/Lambda', 'Throttles', { FunctionName: `rt-fanout-${MOCK_NAME_SUFFIX}` }, 'Sum'],
    ['rt-fanout-failures', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'rt-fanout-failures-physical' }, 'Maximum'],
  ])('alarm %s: %s %s of the fan-out, at 1 or more in 5 minutes, notifying no one by default', (alarm, namespace, metricName, dimensions, statistic) => {
    expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', alarm)).toEqual({
      alarmDescription: expect.any(String), namespace, metricName, dimensions, statistic,
      period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'notBreaching',
    });
    expect(built.component.alarms.length).toBe(3);
  });

  test('the events topic is encrypted', () => {
    expect(built.inputs('aws:sns/topic:Topic', 'rt-events').kmsMasterKeyId).toBe('alias/aws/sns');
  });

  const logs = (handler: string) => ({
    Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/lambda/rt-${handler}-${MOCK_NAME_SUFFIX}:*`,
  });
  const eni = {
    Sid: 'VpcNetworkInterfacesEc2RequiresWildcardResource', Effect: 'Allow',
    Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    Resource: '*',
  };
  // Each function only the actions it takes on the table's items (test/runtime/connections-table-access.test.ts).
  const table = (...Action: string[]) => ({ Sid: 'ConnectionsTableItems', Effect: 'Allow', Action, Resource: tableArn });
  const publish = { Sid: 'PublishEvents', Effect: 'Allow', Action: ['sns:Publish'], Resource: topicArn };
  const manage = { Sid: 'ManageWebSocketConnections', Effect: 'Allow', Action: ['execute-api:ManageConnections'], Resource: `${executionArn}/live/*/@connections/*` };
  const secret = { Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN };
  const certificate = { Sid: 'ReadNeo4jCertificate', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: CERTIFICATE_ARN };

  test.each([
    ['ws-authorizer', [logs('ws-authorizer')]],
    ['ws-connect', [logs('ws-connect'), eni, table('dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'), publish, secret, certificate]],
    ['ws-disconnect', [logs('ws-disconnect'), table('dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'), publish]],
    ['ws-default', [logs('ws-default'), eni, table('dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'), publish, manage, secret, certificate]],
    ['fanout', [logs('fanout'), table('dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'), publish, manage,
      { Sid: 'SendFailedDeliveries', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: `arn:aws:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:rt-fanout-failures` }]],
    ['presence-sweep', [logs('presence-sweep'), eni, table('dynamodb:Scan', 'dynamodb:UpdateItem'), publish, secret, certificate]],
  ])('the %s role has exactly its statements', (handler, statements) => {
    expect(built.statements(`rt-${handler}`)).toEqual(statements);
    expect(JSON.parse(built.inputs('aws:iam/role:Role', `rt-${handler}`).assumeRolePolicy).Statement)
      .toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  const neo4j = { NEO4J_URI: ARGS.neo4jBoltUri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD_SECRET_ARN: SECRET_ARN, NEO4J_CERTIFICATE_SECRET_ARN: CERTIFICATE_ARN };
  test.each([
    ['ws-authorizer', { AUTH_ISSUER: ARGS.authIssuer, AUTH_CLIENT_ID: 'client-id' }],
    ['ws-connect', { ...neo4j, CONNECTIONS_TABLE: 'rt-connections-physical', EVENTS_TOPIC_ARN: topicArn }],
    ['ws-disconnect', { CONNECTIONS_TABLE: 'rt-connections-physical', EVENTS_TOPIC_ARN: topicArn }],
    ['ws-default', {
      ...neo4j, CONNECTIONS_TABLE: 'rt-connections-physical', EVENTS_TOPIC_ARN: topicArn, WEBSOCKET_MANAGEMENT_ENDPOINT: endpoint,
      RATE_LIMIT_PER_SECOND: '10', RATE_LIMIT_BURST: '20',
    }],
    ['fanout', { CONNECTIONS_TABLE: 'rt-connections-physical', EVENTS_TOPIC_ARN: topicArn, WEBSOCKET_MANAGEMENT_ENDPOINT: endpoint }],
    ['presence-sweep', { ...neo4j, CONNECTIONS_TABLE: 'rt-connections-physical', EVENTS_TOPIC_ARN: topicArn }],
  ])('the %s function has exactly its environment, with no secret in clear', (handler, variables) => {
    const fn = built.inputs('aws:lambda/function:Function', `rt-${handler}`);
    expect(fn.environment).toEqual({ variables });
    for (const [key, value] of Object.entries(fn.environment.variables as Record<string, string>)) {
      if (/PASSWORD|SECRET|TOKEN|KEY/.test(key)) expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^arn:aws:secretsmanager:/) });
    }
  });

  test.each(HANDLERS)('the %s function: Node.js 22 on arm64, its log group with retention, created first', (handler) => {
    const fn = built.inputs('aws:lambda/function:Function', `rt-${handler}`);
    const functionName = `rt-${handler}-${MOCK_NAME_SUFFIX}`;
    expect(fn).toMatchObject({
      name: functionName, runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler', memorySize: 256, timeout: 29,
      loggingConfig: { logFormat: 'JSON', logGroup: `/aws/lambda/${functionName}` },
    });
    expect(built.inputs('aws:cloudwatch/logGroup:LogGroup', `rt-${handler}`)).toEqual({ name: `/aws/lambda/${functionName}`, retentionInDays: 30 });
    expect(built.child('aws:lambda/function:Function', `rt-${handler}`).dependsOn).toEqual([
      `aws:cloudwatch/logGroup:LogGroup::rt-${handler}`, `aws:iam/rolePolicy:RolePolicy::rt-${handler}`,
    ]);
  });

  test('only the functions that reach Neo4j run in the VPC, with the adopted security group', () => {
    const vpcOf = (handler: string) => built.inputs('aws:lambda/function:Function', `rt-${handler}`).vpcConfig;
    for (const handler of ['ws-connect', 'ws-default', 'presence-sweep']) {
      expect(vpcOf(handler)).toEqual({ subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-db-clients'] });
    }
    for (const handler of ['ws-authorizer', 'ws-disconnect', 'fanout']) expect(vpcOf(handler)).toBeUndefined();
  });

  test('$connect needs the REQUEST authorizer on ?token=; the three routes go to their functions by proxy', () => {
    expect(built.inputs('aws:apigatewayv2/api:Api', 'rt')).toEqual({ protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    expect(built.inputs('aws:apigatewayv2/authorizer:Authorizer', 'rt')).toMatchObject({
      apiId: 'rt-id', authorizerType: 'REQUEST', identitySources: ['route.request.querystring.token'],
      authorizerUri: expect.stringContaining(`function:rt-ws-authorizer-${MOCK_NAME_SUFFIX}/invocations`),
    });
    expect(built.inputs('aws:apigatewayv2/route:Route', 'rt-connect')).toEqual({
      apiId: 'rt-id', routeKey: '$connect', target: 'integrations/rt-connect-id', authorizationType: 'CUSTOM', authorizerId: 'rt-id',
    });
    expect(built.inputs('aws:apigatewayv2/route:Route', 'rt-disconnect')).toEqual({ apiId: 'rt-id', routeKey: '$disconnect', target: 'integrations/rt-disconnect-id' });
    expect(built.inputs('aws:apigatewayv2/route:Route', 'rt-default')).toEqual({ apiId: 'rt-id', routeKey: '$default', target: 'integrations/rt-default-id' });
    for (const [route, handler] of [['connect', 'ws-connect'], ['disconnect', 'ws-disconnect'], ['default', 'ws-default']]) {
      expect(built.inputs('aws:apigatewayv2/integration:Integration', `rt-${route}`)).toEqual({
        apiId: 'rt-id', integrationType: 'AWS_PROXY', integrationMethod: 'POST',
        integrationUri: expect.stringContaining(`function:rt-${handler}-${MOCK_NAME_SUFFIX}/invocations`),
      });
      expect(built.inputs('aws:lambda/permission:Permission', `rt-${route}`)).toEqual({
        action: 'lambda:InvokeFunction', function: `rt-${handler}-${MOCK_NAME_SUFFIX}`, principal: 'apigateway.amazonaws.com',
        sourceArn: `${executionArn}/live/$${route}`,
      });
    }
    expect(built.inputs('aws:lambda/permission:Permission', 'rt-ws-authorizer').sourceArn).toBe(`${executionArn}/authorizers/rt-id`);
  });

  test('the stage throttles and writes JSON access logs to a log group with retention', () => {
    const stage = built.inputs('aws:apigatewayv2/stage:Stage', 'rt');
    expect(stage).toMatchObject({
      apiId: 'rt-id', name: 'live', autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: 500, throttlingRateLimit: 200 },
      accessLogSettings: { destinationArn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:rt-access-logs-physical` },
    });
    expect(JSON.parse(stage.accessLogSettings.format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', connectionId: '$context.connectionId' });
    expect(built.inputs('aws:cloudwatch/logGroup:LogGroup', 'rt-access-logs')).toEqual({ retentionInDays: 30 });
  });

  test('the fan-out function is subscribed to the topic, which alone may invoke it', () => {
    expect(built.inputs('aws:sns/topicSubscription:TopicSubscription', 'rt-fanout')).toEqual({
      topic: topicArn, protocol: 'lambda', endpoint: `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:rt-fanout-${MOCK_NAME_SUFFIX}`,
    });
    expect(built.inputs('aws:lambda/permission:Permission', 'rt-fanout')).toEqual({
      action: 'lambda:InvokeFunction', function: `rt-fanout-${MOCK_NAME_SUFFIX}`, principal: 'sns.amazonaws.com', sourceArn: topicArn,
    });
  });

  test('the presence sweep runs every 5 minutes on an EventBridge rule, which alone may invoke it', async () => {
    const sweepArn = `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:rt-presence-sweep-${MOCK_NAME_SUFFIX}`;
    const ruleArn = `arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT}:rule/rt-presence-sweep-physical`;
    expect(built.inputs('aws:cloudwatch/eventRule:EventRule', 'rt-presence-sweep')).toEqual({
      description: 'Runs the presence sweep of the connections table.', scheduleExpression: 'rate(5 minutes)',
    });
    expect(built.inputs('aws:cloudwatch/eventTarget:EventTarget', 'rt-presence-sweep')).toEqual({ rule: 'rt-presence-sweep-physical', arn: sweepArn });
    expect(built.inputs('aws:lambda/permission:Permission', 'rt-presence-sweep')).toEqual({
      action: 'lambda:InvokeFunction', function: `rt-presence-sweep-${MOCK_NAME_SUFFIX}`, principal: 'events.amazonaws.com', sourceArn: ruleArn,
    });
    expect(await valueOf(built.component.presenceSweepSchedule.arn)).toBe(ruleArn);
    expect(await valueOf(built.component.presenceSweepFunction.arn)).toBe(sweepArn);
  });

  test('outputs the WebSocket URL, management endpoint, topic, table and security group', async () => {
    const rt = built.component;
    expect(await valueOf(rt.websocketUrl)).toBe(`wss://rt-id.execute-api.${MOCK_REGION}.amazonaws.com/live`);
    expect(await valueOf(rt.managementEndpoint)).toBe(endpoint);
    expect(await valueOf(rt.eventsTopicArn)).toBe(topicArn);
    expect(await valueOf(rt.connectionsTableName)).toBe('rt-connections-physical');
    expect(await valueOf(rt.connectionsTableArn)).toBe(tableArn);
    expect(await valueOf(rt.functionSecurityGroupId)).toBe('sg-db-clients');
    expect(rt.functionSecurityGroup).toBeUndefined();
  });
});

describe('RealtimeFanout variants', () => {
  test('on Neo4j Aura (no Neo4jInstance): a neo4j+s:// URI and a password secret alone, no certificate to read', async () => {
    const aura = 'neo4j+s://a1b2c3d4.databases.neo4j.io';
    const built = await build('rt-aura', { neo4jBoltUri: aura, neo4jCertificateSecretArn: undefined });
    for (const handler of ['ws-connect', 'ws-default', 'presence-sweep']) {
      const variables = built.inputs('aws:lambda/function:Function', `rt-aura-${handler}`).environment.variables;
      expect(variables).toMatchObject({ NEO4J_URI: aura, NEO4J_PASSWORD_SECRET_ARN: SECRET_ARN });
      expect(variables).not.toHaveProperty('NEO4J_CERTIFICATE_SECRET_ARN');
      expect(built.statements(`rt-aura-${handler}`).filter((statement: { Action: string[] }) => statement.Action.some((action) => action.startsWith('secretsmanager:'))))
        .toEqual([{ Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN }]);
    }
  });

  test('a one-minute presence sweep is "rate(1 minute)" (EventBridge wants the singular)', async () => {
    const built = await build('rt-fast', { presenceSweepIntervalMinutes: 1 });
    expect(built.inputs('aws:cloudwatch/eventRule:EventRule', 'rt-fast-presence-sweep').scheduleExpression).toBe('rate(1 minute)');
  });

  test('alarmTopicArn: every alarm notifies the topic on ALARM and on OK', async () => {
    const topic = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops-alarms`;
    const built = await build('rt-notify', { alarmTopicArn: topic });
    for (const alarm of ['rt-notify-fanout-errors', 'rt-notify-fanout-throttles', 'rt-notify-fanout-failures']) {
      expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', alarm)).toMatchObject({ alarmActions: [topic], okActions: [topic] });
    }
  });

  test('with vpcId it creates the functions security group: no ingress, egress on 443 and 7687 only', async () => {
    const built = await build('rt-own', { securityGroupIds: undefined, vpcId: 'vpc-1' });
    expect(built.inventory()).toEqual([...inventory('rt-own'), 'aws:ec2/securityGroup:SecurityGroup::rt-own-functions'].sort());
    expectAllParentedTo(built);
    const sg = built.inputs('aws:ec2/securityGroup:SecurityGroup', 'rt-own-functions');
    expect(sg.vpcId).toBe('vpc-1');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress.map((rule: { protocol: string; fromPort: number; toPort: number }) => [rule.protocol, rule.fromPort, rule.toPort])).toEqual([['tcp', 443, 443], ['tcp', 7687, 7687]]);
    expect(built.inputs('aws:lambda/function:Function', 'rt-own-ws-connect').vpcConfig.securityGroupIds).toEqual(['rt-own-functions-id']);
    expect(await valueOf(built.component.functionSecurityGroupId)).toBe('rt-own-functions-id');
  });

  test('function settings, stage, throttling, JWKS URI and log level are honoured', async () => {
    const built = await build('rt-tuned', {
      memorySizeMiB: 512, timeoutSeconds: 10, architecture: 'x86_64', logRetentionDays: 7, logLevel: 'debug',
      stageName: 'v1', throttlingBurstLimit: 50, throttlingRateLimit: 20, authJwksUri: 'https://issuer.example/jwks.json',
      presenceSweepIntervalMinutes: 15, rateLimitPerSecond: 2, rateLimitBurst: 5,
    });
    expect(built.inputs('aws:cloudwatch/eventRule:EventRule', 'rt-tuned-presence-sweep').scheduleExpression).toBe('rate(15 minutes)');
    expect(built.inputs('aws:lambda/function:Function', 'rt-tuned-ws-default').environment.variables).toMatchObject({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '5' });
    const fn = built.inputs('aws:lambda/function:Function', 'rt-tuned-ws-authorizer');
    expect(fn).toMatchObject({ memorySize: 512, timeout: 10, architectures: ['x86_64'] });
    expect(fn.environment.variables).toMatchObject({ AUTH_JWKS_URI: 'https://issuer.example/jwks.json', LOG_LEVEL: 'debug' });
    expect(built.inputs('aws:cloudwatch/logGroup:LogGroup', 'rt-tuned-fanout').retentionInDays).toBe(7);
    expect(built.inputs('aws:apigatewayv2/stage:Stage', 'rt-tuned')).toMatchObject({ name: 'v1', defaultRouteSettings: { throttlingBurstLimit: 50, throttlingRateLimit: 20 } });
    expect(await valueOf(built.component.managementEndpoint)).toBe(`https://rt-tuned-id.execute-api.${MOCK_REGION}.amazonaws.com/v1`);
  });
});
