import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { ComponentProvider } from '@pulumi/pulumi/provider/experimental';
import { RecordingMocks, settle } from '../support/pulumi-mocks';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import { GoogleCognitoAuth, GroupChatBackend, GroupChatDashboard, GroupChatVpc, Neo4jInstance, RealtimeFanout } from '../../src/components';

/**
 * provider/ is the multi-language component package (PulumiPlugin.yaml): the Node.js plugin host serves the
 * components through @pulumi/pulumi's ComponentProvider, whose schema comes from the component analyzer.
 * Here the same provider answers GetSchema and Construct in process, without the CLI.
 */
const PROVIDER_DIR = path.join(__dirname, '..', '..', 'provider');
const committed = JSON.parse(readFileSync(path.join(PROVIDER_DIR, 'schema.json'), 'utf8'));
const provider = new ComponentProvider({ name: 'groupchat', dirname: PROVIDER_DIR, components: [GoogleCognitoAuth, GroupChatBackend, GroupChatDashboard, GroupChatVpc, Neo4jInstance, RealtimeFanout] });

type SchemaResource = { inputProperties: Record<string, { description?: string }>; requiredInputs?: string[]; properties: Record<string, { description?: string }> };
const resource = (token: string): SchemaResource => committed.resources[token];

describe('the component package (provider/)', () => {
  test('provider/schema.json is what the analyzer makes of the sources (npm run schema rewrites it)', async () => {
    expect(JSON.parse(await provider.getSchema())).toEqual(committed);
  }, 600_000);

  test('its name, version and dependency match the package and the type tokens', () => {
    const manifest = JSON.parse(readFileSync(path.join(PROVIDER_DIR, 'package.json'), 'utf8'));
    const library = JSON.parse(readFileSync(path.join(PROVIDER_DIR, '..', 'package.json'), 'utf8'));
    expect([committed.name, manifest.name, committed.version]).toEqual(['groupchat', 'groupchat', library.version]);
    expect(readFileSync(path.join(PROVIDER_DIR, 'PulumiPlugin.yaml'), 'utf8')).toBe('runtime: nodejs\n');
    expect(Object.keys(committed.resources).sort()).toEqual([
      'groupchat:index:GoogleCognitoAuth', 'groupchat:index:GroupChatBackend', 'groupchat:index:GroupChatDashboard',
      'groupchat:index:GroupChatVpc', 'groupchat:index:Neo4jInstance', 'groupchat:index:RealtimeFanout',
    ]);
    expect(committed.dependencies).toEqual([{ name: 'aws', version: expect.stringMatching(/^7\./) }]);
  });

  const functionSettings = ['architecture', 'logLevel', 'logRetentionDays', 'memorySizeMiB', 'timeoutSeconds'];
  const network = ['securityGroupIds', 'vpcId', 'vpcSubnetIds'];
  const rateLimits = ['rateLimitBurst', 'rateLimitPerSecond'];
  test.each([
    ['GoogleCognitoAuth',
      ['callbackUrls', 'deletionProtection', 'domainPrefix', 'googleClientId', 'googleClientSecret', 'logoutUrls', 'refreshTokenValidityDays', 'tokenValidityMinutes'],
      ['callbackUrls', 'domainPrefix', 'googleClientId', 'googleClientSecret', 'logoutUrls'],
      ['client', 'clientId', 'domain', 'googleRedirectUri', 'hostedUiDomain', 'identityProvider', 'issuerUrl', 'userPool', 'userPoolArn', 'userPoolId']],
    ['Neo4jInstance',
      ['alarmTopicArn', 'amiId', 'boltClientSecurityGroupIds', 'dataVolumeSizeGiB', 'dataVolumeUsedPercentAlarmThreshold', 'instanceType', 'neo4jVersion', 'snapshotRetainCount', 'snapshotTimeUtc', 'subnetIds', 'vpcId'],
      ['boltClientSecurityGroupIds'],
      ['alarms', 'boltUri', 'certificateSecret', 'certificateSecretArn', 'dataVolume', 'instance', 'instanceId', 'passwordSecret', 'passwordSecretArn', 'privateSubnetIds', 'securityGroup', 'securityGroupId', 'vpc', 'vpcId']],
    ['RealtimeFanout',
      ['alarmTopicArn', 'authClientId', 'authIssuer', 'authJwksUri', 'neo4jBoltUri', 'neo4jCertificateSecretArn', 'neo4jPasswordSecretArn', 'presenceSweepIntervalMinutes', 'stageName',
        'throttlingBurstLimit', 'throttlingRateLimit', ...functionSettings, ...network, ...rateLimits],
      ['authClientId', 'authIssuer', 'neo4jBoltUri', 'neo4jPasswordSecretArn', 'vpcSubnetIds'],
      ['alarms', 'api', 'authorizerFunction', 'connectFunction', 'connectionsTable', 'connectionsTableArn', 'connectionsTableName', 'defaultFunction', 'disconnectFunction',
        'eventsTopic', 'eventsTopicArn', 'failedDeliveriesQueue', 'failedDeliveriesQueueName', 'fanoutFunction', 'fanoutFunctionName', 'functionSecurityGroup', 'functionSecurityGroupId', 'managementEndpoint', 'presenceSweepFunction',
        'presenceSweepSchedule', 'stage', 'websocketUrl']],
    ['GroupChatBackend',
      ['alarmTopicArn', 'authClientId', 'authIssuer', 'connectionsTableArn', 'corsAllowOrigins', 'eventsTopicArn', 'http5xxRateAlarmPercent', 'migrateTimeoutSeconds', 'neo4jBoltUri', 'neo4jCertificateSecretArn', 'neo4jPasswordSecretArn',
        'throttlingBurstLimit', 'throttlingRateLimit', ...functionSettings, ...network, ...rateLimits],
      ['authClientId', 'authIssuer', 'connectionsTableArn', 'eventsTopicArn', 'neo4jBoltUri', 'neo4jPasswordSecretArn', 'vpcSubnetIds'],
      ['alarms', 'api', 'apiFunction', 'apiFunctionName', 'apiUrl', 'functionSecurityGroup', 'functionSecurityGroupId', 'migrateFunction', 'migrateFunctionName', 'migration', 'stage']],
  ])('%s: every documented input and output, the required inputs, and a description for each', (component, inputs, required, outputs) => {
    const described = resource(`groupchat:index:${component}`);
    expect(Object.keys(described.inputProperties).sort()).toEqual([...inputs].sort());
    expect([...(described.requiredInputs ?? [])].sort()).toEqual(required);
    expect(Object.keys(described.properties).sort()).toEqual(outputs);
    for (const property of [...Object.values(described.inputProperties), ...Object.values(described.properties)]) {
      expect(property.description).toEqual(expect.stringMatching(/\S/));
    }
  });

  test('Construct builds the component from plain inputs, as a Python or YAML program would ask', async () => {
    mocks.resources.length = 0;
    const result = await provider.construct('chat-auth', 'groupchat:index:GoogleCognitoAuth', {
      domainPrefix: 'chat-example',
      googleClientId: 'client.apps.googleusercontent.com',
      googleClientSecret: 'GOCSPX-secret',
      callbackUrls: ['https://chat.example.com/'],
      logoutUrls: ['https://chat.example.com/'],
    }, {});
    await settle();
    expect(mocks.resources.map((r) => r.type).sort()).toEqual([
      'aws:cognito/identityProvider:IdentityProvider', 'aws:cognito/userPool:UserPool', 'aws:cognito/userPoolClient:UserPoolClient',
      'aws:cognito/userPoolDomain:UserPoolDomain', 'groupchat:index:GoogleCognitoAuth',
    ]);
    expect(Object.keys(result.state)).toEqual(expect.arrayContaining(['issuerUrl', 'clientId', 'hostedUiDomain', 'googleRedirectUri']));
  }, 600_000);
});
