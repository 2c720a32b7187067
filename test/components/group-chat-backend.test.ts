import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { MOCK_ACCOUNT, MOCK_NAME_SUFFIX, MOCK_REGION, RecordingMocks, valueOf } from '../support/pulumi-mocks';
import { Constructed, construct, expectAllParentedTo } from './harness';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import { GroupChatBackend, GroupChatBackendArgs, RealtimeFanout } from '../../src/components';
import { HTTP_ROUTE_KEYS, routeSlug } from '../../src/components/http-routes';
import { ROUTES } from '../../src/contract/routes';

const TYPE = 'groupchat:index:GroupChatBackend';
const SECRET_ARN = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:neo4j-password-AbCdEf`;
const TABLE_ARN = `arn:aws:dynamodb:${MOCK_REGION}:${MOCK_ACCOUNT}:table/chat-connections-1a2b3c`;
const TOPIC_ARN = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:chat-events-1a2b3c`;
const ISSUER = `https://cognito-idp.${MOCK_REGION}.amazonaws.com/${MOCK_REGION}_pool`;
const ARGS: GroupChatBackendArgs = {
  authIssuer: ISSUER,
  authClientId: 'client-id',
  neo4jBoltUri: 'bolt://10.0.7.21:7687',
  neo4jPasswordSecretArn: SECRET_ARN,
  connectionsTableArn: TABLE_ARN,
  eventsTopicArn: TOPIC_ARN,
  vpcSubnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-db-clients'],
};
const build = (name: string, args: Partial<GroupChatBackendArgs> = {}) =>
  construct(mocks, TYPE, name, (opts) => new GroupChatBackend(name, { ...ARGS, ...args }, opts));

const CONTRACT_ROUTES = [
  'GET /me', 'POST /groups', 'GET /groups', 'GET /groups/{groupId}', 'POST /groups/{groupId}/applications',
  'GET /groups/{groupId}/applications', 'POST /groups/{groupId}/applications/{userId}/approve',
  'POST /groups/{groupId}/applications/{userId}/reject', 'DELETE /groups/{groupId}/applications/me',
  'GET /groups/{groupId}/members', 'DELETE /groups/{groupId}/members/{userId}', 'POST /groups/{groupId}/messages',
  'GET /groups/{groupId}/messages', 'GET /groups/{groupId}/messages/{messageId}/replies', 'GET /groups/{groupId}/events',
  'PATCH /groups/{groupId}/messages/{messageId}', 'DELETE /groups/{groupId}/messages/{messageId}',
  'PUT /groups/{groupId}/messages/{messageId}/reactions/{emoji}', 'DELETE /groups/{groupId}/messages/{messageId}/reactions/{emoji}',
  'GET /groups/{groupId}/messages/{messageId}/reactions',
  'PATCH /groups/{groupId}', 'POST /groups/{groupId}/owner', 'PUT /groups/{groupId}/members/{userId}/role',
  'PUT /groups/{groupId}/read-marker',
];

const inventory = (name: string) => [
  `aws:apigatewayv2/api:Api::${name}`,
  `aws:apigatewayv2/authorizer:Authorizer::${name}`,
  `aws:apigatewayv2/integration:Integration::${name}`,
  `aws:apigatewayv2/stage:Stage::${name}`,
  `aws:cloudwatch/logGroup:LogGroup::${name}-access-logs`,
  `aws:cloudwatch/metricAlarm:MetricAlarm::${name}-5xx-rate`,
  `aws:lambda/invocation:Invocation::${name}-migrate`,
  `aws:lambda/permission:Permission::${name}-api`,
  `random:index/randomString:RandomString::${name}`,
  ...CONTRACT_ROUTES.map((key) => `aws:apigatewayv2/route:Route::${name}-${routeSlug(key)}`),
  ...['api', 'migrate'].flatMap((handler) => [
    `aws:cloudwatch/logGroup:LogGroup::${name}-${handler}`,
    `aws:iam/role:Role::${name}-${handler}`,
    `aws:iam/rolePolicy:RolePolicy::${name}-${handler}`,
    `aws:lambda/function:Function::${name}-${handler}`,
  ]),
].sort();

test('the component routes are exactly the contract routes', () => {
  expect([...HTTP_ROUTE_KEYS].sort()).toEqual([...CONTRACT_ROUTES].sort());
  expect([...HTTP_ROUTE_KEYS].sort()).toEqual(Object.values(ROUTES).map((route) => `${route.method} ${route.path}`).sort());
});

describe('GroupChatBackend with default args (adopting the database clients security group)', () => {
  let built: Constructed<GroupChatBackend>;
  beforeAll(async () => {
    built = await build('be');
  });

  test('creates exactly the HTTP API with every route, two functions and the migration, parented to it', () => {
    expect(built.inventory()).toEqual(inventory('be'));
    expectAllParentedTo(built);
  });

  test('every contract route goes through the JWT authorizer to the one api integration', () => {
    const routes = built.resources.filter((r) => r.type === 'aws:apigatewayv2/route:Route').map((r) => r.inputs);
    expect(routes.map((r) => r.routeKey).sort()).toEqual([...CONTRACT_ROUTES].sort());
    for (const route of routes) {
      expect(route).toEqual({ apiId: 'be-id', routeKey: route.routeKey, target: 'integrations/be-id', authorizationType: 'JWT', authorizerId: 'be-id' });
    }
    expect(built.inputs('aws:apigatewayv2/authorizer:Authorizer', 'be')).toEqual({
      apiId: 'be-id', authorizerType: 'JWT', identitySources: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: ISSUER, audiences: ['client-id'] },
    });
    expect(built.inputs('aws:apigatewayv2/integration:Integration', 'be')).toEqual({
      apiId: 'be-id', integrationType: 'AWS_PROXY', payloadFormatVersion: '2.0',
      integrationUri: expect.stringContaining(`function:be-api-${MOCK_NAME_SUFFIX}/invocations`),
    });
    expect(built.inputs('aws:lambda/permission:Permission', 'be-api')).toEqual({
      action: 'lambda:InvokeFunction', function: `be-api-${MOCK_NAME_SUFFIX}`, principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:${MOCK_REGION}:${MOCK_ACCOUNT}:be-id/*/*`,
    });
  });

  test('no CORS configuration unless origins are given', () => {
    expect(built.inputs('aws:apigatewayv2/api:Api', 'be')).toEqual({ protocolType: 'HTTP' });
  });

  test('the $default stage auto-deploys, throttles and writes access logs with retention', () => {
    const stage = built.inputs('aws:apigatewayv2/stage:Stage', 'be');
    expect(stage).toMatchObject({
      apiId: 'be-id', name: '$default', autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 },
      accessLogSettings: { destinationArn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:be-access-logs-physical` },
    });
    expect(built.inputs('aws:cloudwatch/logGroup:LogGroup', 'be-access-logs')).toEqual({ retentionInDays: 30 });
  });

  const eni = {
    Sid: 'VpcNetworkInterfacesEc2RequiresWildcardResource', Effect: 'Allow',
    Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    Resource: '*',
  };
  const logs = (handler: string) => ({
    Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT}:log-group:/aws/lambda/be-${handler}-${MOCK_NAME_SUFFIX}:*`,
  });
  const secret = { Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN };

  test.each([
    ['api', [logs('api'), eni, secret,
      {
        Sid: 'ConnectionsTableItems', Effect: 'Allow',
        // Subscriptions of joining and leaving members, the members' presence, rate-limit tokens: nothing else.
        Action: ['dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
        Resource: TABLE_ARN,
      },
      { Sid: 'PublishEvents', Effect: 'Allow', Action: ['sns:Publish'], Resource: TOPIC_ARN }]],
    ['migrate', [logs('migrate'), eni, secret]],
  ])('the %s role has exactly its statements', (handler, statements) => {
    expect(built.statements(`be-${handler}`)).toEqual(statements);
  });

  const neo4j = { NEO4J_URI: 'bolt://10.0.7.21:7687', NEO4J_USER: 'neo4j', NEO4J_PASSWORD_SECRET_ARN: SECRET_ARN };
  test.each([
    ['api', { ...neo4j, CONNECTIONS_TABLE: 'chat-connections-1a2b3c', EVENTS_TOPIC_ARN: TOPIC_ARN, RATE_LIMIT_PER_SECOND: '10', RATE_LIMIT_BURST: '20' }, 29],
    ['migrate', neo4j, 300],
  ])('the %s function: environment without secrets, in the VPC, Node.js 22 arm64, log group first', (handler, variables, timeout) => {
    const fn = built.inputs('aws:lambda/function:Function', `be-${handler}`);
    const functionName = `be-${handler}-${MOCK_NAME_SUFFIX}`;
    expect(fn).toMatchObject({
      name: functionName, runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler', timeout,
      environment: { variables },
      vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-db-clients'] },
      loggingConfig: { logFormat: 'JSON', logGroup: `/aws/lambda/${functionName}` },
    });
    expect(Object.keys(fn.environment.variables).sort()).toEqual(Object.keys(variables).sort());
    expect(built.inputs('aws:cloudwatch/logGroup:LogGroup', `be-${handler}`)).toEqual({ name: `/aws/lambda/${functionName}`, retentionInDays: 30 });
    expect(built.child('aws:lambda/function:Function', `be-${handler}`).dependsOn).toContain(`aws:cloudwatch/logGroup:LogGroup::be-${handler}`);
  });

  test('the migration invokes the migrate function with the sha256 of its bundle, which is also its trigger', () => {
    const bundle = path.join(__dirname, '..', '..', 'dist', 'handlers', 'migrate', 'index.js');
    const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');
    expect(built.inputs('aws:lambda/invocation:Invocation', 'be-migrate')).toEqual({
      functionName: `be-migrate-${MOCK_NAME_SUFFIX}`,
      input: JSON.stringify({ migrateBundleSha256: sha256 }),
      triggers: { migrateBundleSha256: sha256 },
    });
  });

  test('outputs the API URL, function names and security group', async () => {
    const be = built.component;
    expect(await valueOf(be.apiUrl)).toBe(`https://be-id.execute-api.${MOCK_REGION}.amazonaws.com`);
    expect(await valueOf(be.apiFunctionName)).toBe(`be-api-${MOCK_NAME_SUFFIX}`);
    expect(await valueOf(be.migrateFunctionName)).toBe(`be-migrate-${MOCK_NAME_SUFFIX}`);
    expect(await valueOf(be.functionSecurityGroupId)).toBe('sg-db-clients');
  });
});

describe('GroupChatBackend alarms', () => {
  test('the 5xx rate alarm: 100 * 5xx / Count of the HTTP API over 5 minutes, at 5 % by default, quiet periods not breaching', async () => {
    const built = await build('be-alarm');
    const sum = (id: string, metricName: string) => ({
      id, returnData: false, metric: { namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiId: 'be-alarm-id' }, period: 300, stat: 'Sum' },
    });
    expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', 'be-alarm-5xx-rate')).toEqual({
      alarmDescription: expect.any(String),
      metricQueries: [sum('errors', '5xx'), sum('requests', 'Count'), { id: 'rate', expression: 'IF(requests > 0, 100 * errors / requests, 0)', label: '5xx rate (%)', returnData: true }],
      evaluationPeriods: 1, threshold: 5, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'notBreaching',
    });
    expect(built.component.alarms).toHaveLength(1);
  });

  test('http5xxRateAlarmPercent and alarmTopicArn are honoured', async () => {
    const topic = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:ops-alarms`;
    const built = await build('be-alarm2', { http5xxRateAlarmPercent: 2, alarmTopicArn: topic });
    expect(built.inputs('aws:cloudwatch/metricAlarm:MetricAlarm', 'be-alarm2-5xx-rate')).toMatchObject({ threshold: 2, alarmActions: [topic], okActions: [topic] });
  });
});

describe('GroupChatBackend variants', () => {
  test('CORS origins, throttling and a created security group', async () => {
    const built = await build('be-own', {
      securityGroupIds: undefined, vpcId: 'vpc-1', corsAllowOrigins: ['https://chat.example.com'], throttlingBurstLimit: 20, throttlingRateLimit: 10,
      rateLimitPerSecond: 1, rateLimitBurst: 3,
    });
    expect(built.inputs('aws:lambda/function:Function', 'be-own-api').environment.variables).toMatchObject({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
    expect(built.inventory()).toEqual([...inventory('be-own'), 'aws:ec2/securityGroup:SecurityGroup::be-own-functions'].sort());
    expectAllParentedTo(built);
    expect(built.inputs('aws:apigatewayv2/api:Api', 'be-own').corsConfiguration).toEqual({
      allowOrigins: ['https://chat.example.com'], allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], allowHeaders: ['authorization', 'content-type'], exposeHeaders: ['retry-after'], maxAge: 3600,
    });
    expect(built.inputs('aws:apigatewayv2/stage:Stage', 'be-own').defaultRouteSettings).toEqual({ throttlingBurstLimit: 20, throttlingRateLimit: 10 });
    expect(built.inputs('aws:lambda/function:Function', 'be-own-api').vpcConfig.securityGroupIds).toEqual(['be-own-functions-id']);
  });

  test('a Bolt certificate secret: both functions get its ARN and may read that secret, nothing more', async () => {
    const certificateArn = `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:neo4j-certificate-AbCdEf`;
    const built = await build('be-tls', { neo4jBoltUri: 'bolt+s://10.0.7.21:7687', neo4jCertificateSecretArn: certificateArn });
    const read = { Sid: 'ReadNeo4jCertificate', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: certificateArn };
    for (const handler of ['api', 'migrate']) {
      expect(built.inputs('aws:lambda/function:Function', `be-tls-${handler}`).environment.variables).toMatchObject({
        NEO4J_URI: 'bolt+s://10.0.7.21:7687', NEO4J_CERTIFICATE_SECRET_ARN: certificateArn,
      });
      const statements = built.statements(`be-tls-${handler}`);
      expect(statements.filter((statement: { Action: string[] }) => statement.Action.some((action) => action.startsWith('secretsmanager:'))))
        .toEqual([{ Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN }, read]);
    }
  });
});

describe('GroupChatBackend on Neo4j Aura (no Neo4jInstance)', () => {
  test('a neo4j+s:// URI and a password secret alone: the functions get the URI, no certificate, and read only the password', async () => {
    const aura = 'neo4j+s://a1b2c3d4.databases.neo4j.io';
    const built = await build('be-aura', { neo4jBoltUri: aura });
    for (const handler of ['api', 'migrate']) {
      const variables = built.inputs('aws:lambda/function:Function', `be-aura-${handler}`).environment.variables;
      expect(variables).toMatchObject({ NEO4J_URI: aura, NEO4J_PASSWORD_SECRET_ARN: SECRET_ARN });
      expect(variables).not.toHaveProperty('NEO4J_CERTIFICATE_SECRET_ARN');
      expect(built.statements(`be-aura-${handler}`).filter((statement: { Action: string[] }) => statement.Action.some((action) => action.startsWith('secretsmanager:'))))
        .toEqual([{ Sid: 'ReadNeo4jPassword', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET_ARN }]);
    }
  });

  test('a URI that is not Bolt is refused, naming the input', () => {
    expect(() => new GroupChatBackend('be-bad-uri', { ...ARGS, neo4jBoltUri: 'https://a1b2c3d4.databases.neo4j.io' })).toThrow(/neo4jBoltUri/);
  });
});

describe('components with functions in the VPC reject invalid network args, naming them', () => {
  const network = { vpcSubnetIds: ['subnet-a'], securityGroupIds: ['sg-1'], vpcId: undefined as string | undefined };
  const cases: [string, Partial<typeof network> & { vpcSubnetIds?: string[] }, RegExp][] = [
    ['both securityGroupIds and vpcId', { vpcId: 'vpc-1' }, /give either securityGroupIds \(adopt existing groups\) or vpcId \(create a group\), not both/],
    ['neither securityGroupIds nor vpcId', { securityGroupIds: undefined }, /give securityGroupIds \(adopt existing groups\) or vpcId \(create a group\)/],
    ['empty securityGroupIds', { securityGroupIds: [] }, /securityGroupIds must name at least one security group/],
    ['empty vpcSubnetIds', { vpcSubnetIds: [] }, /vpcSubnetIds must name at least one private subnet/],
  ];
  test.each(cases)('GroupChatBackend: %s', (_case, change, message) => {
    expect(() => new GroupChatBackend('be-bad', { ...ARGS, ...network, ...change })).toThrow(message);
    expect(() => new GroupChatBackend('be-bad', { ...ARGS, ...network, ...change })).toThrow(/^GroupChatBackend "be-bad": /);
  });
  test.each([
    [{ rateLimitPerSecond: 0 }, /rateLimitPerSecond must be a whole number of at least 1/],
    [{ rateLimitBurst: 2.5 }, /rateLimitBurst must be a whole number of at least 1/],
  ])('rate limits: %j', (change, message) => {
    expect(() => new GroupChatBackend('be-bad', { ...ARGS, ...network, ...change })).toThrow(message);
    const args = { neo4jBoltUri: 'bolt://x:7687', neo4jPasswordSecretArn: SECRET_ARN, authIssuer: ISSUER, authClientId: 'c', ...network, ...change };
    expect(() => new RealtimeFanout('rt-bad', args)).toThrow(message);
  });
  test.each(cases)('RealtimeFanout: %s', (_case, change, message) => {
    const args = { neo4jBoltUri: 'bolt://x:7687', neo4jPasswordSecretArn: SECRET_ARN, authIssuer: ISSUER, authClientId: 'c', ...network, ...change };
    expect(() => new RealtimeFanout('rt-bad', args)).toThrow(message);
    expect(() => new RealtimeFanout('rt-bad', args)).toThrow(/^RealtimeFanout "rt-bad": /);
  });

  test('a component name too long for Lambda function names is refused, naming it', () => {
    const name = 'x'.repeat(60);
    expect(() => new GroupChatBackend(name, ARGS)).toThrow(`GroupChatBackend "${name}": name must be at most 47 characters`);
  });
});
