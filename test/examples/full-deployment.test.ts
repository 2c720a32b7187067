import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MOCK_REGION, valueOf } from '../support/pulumi-mocks';
import { ExampleResource, runExampleUnderMocks, runExampleUnderMocksWithOutputs } from '../support/run-example-under-mocks';

const count = (resources: ExampleResource[], type: string) => resources.filter((r) => r.type === type).length;
const one = (resources: ExampleResource[], type: string, name: string) => {
  const found = resources.filter((r) => r.type === type && r.name === name);
  expect(found).toHaveLength(1);
  return found[0].inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describe('examples/full-deployment under mocks', () => {
  test('constructs the four components, the network, the shared security group and the site, and outputs the URLs', async () => {
    const { resources, outputs } = await runExampleUnderMocksWithOutputs();
    const components = resources.filter((r) => r.type.startsWith('groupchat:index:')).map((r) => `${r.type}::${r.name}`).sort();
    expect(components).toEqual([
      'groupchat:index:GoogleCognitoAuth::groupchat-auth',
      'groupchat:index:GroupChatBackend::groupchat-backend',
      'groupchat:index:GroupChatDashboard::groupchat-dashboard',
      'groupchat:index:GroupChatVpc::groupchat-network',
      'groupchat:index:Neo4jInstance::groupchat-neo4j',
      'groupchat:index:RealtimeFanout::groupchat-realtime',
    ]);
    expect(count(resources, 'aws:lambda/function:Function')).toBe(8);
    expect(count(resources, 'aws:ec2/vpc:Vpc')).toBe(1);
    expect(count(resources, 'aws:ec2/instance:Instance')).toBe(1);

    expect(await valueOf(outputs.siteUrl)).toBe('https://groupchat-site-id.cloudfront.net');
    expect(await valueOf(outputs.apiUrl)).toBe(`https://groupchat-backend-id.execute-api.${MOCK_REGION}.amazonaws.com`);
    expect(await valueOf(outputs.webSocketUrl)).toBe(`wss://groupchat-realtime-id.execute-api.${MOCK_REGION}.amazonaws.com/live`);
    expect(await valueOf(outputs.googleRedirectUri)).toBe(`https://groupchat-test.auth.${MOCK_REGION}.amazoncognito.com/oauth2/idpresponse`);
  });

  test('one database clients security group: Neo4j admits it, and every function that reaches Neo4j uses it', async () => {
    const resources = await runExampleUnderMocks();
    const clients = one(resources, 'aws:ec2/securityGroup:SecurityGroup', 'groupchat-db-clients');
    expect(clients.vpcId).toBe('groupchat-network-id');
    expect(one(resources, 'aws:ec2/securityGroup:SecurityGroup', 'groupchat-neo4j').ingress)
      .toEqual([expect.objectContaining({ fromPort: 7687, toPort: 7687, securityGroups: ['groupchat-db-clients-id'] })]);
    const inVpc = resources.filter((r) => r.type === 'aws:lambda/function:Function' && (r.inputs as { vpcConfig?: unknown }).vpcConfig);
    expect(inVpc.map((r) => r.name).sort()).toEqual([
      'groupchat-backend-api', 'groupchat-backend-migrate', 'groupchat-realtime-presence-sweep', 'groupchat-realtime-ws-connect', 'groupchat-realtime-ws-default',
    ]);
    for (const fn of inVpc) {
      expect((fn.inputs as { vpcConfig: unknown }).vpcConfig).toEqual({
        subnetIds: ['groupchat-network-private-0-id', 'groupchat-network-private-1-id'],
        securityGroupIds: ['groupchat-db-clients-id'],
      });
    }
    expect(count(resources, 'aws:ec2/securityGroup:SecurityGroup')).toBe(2);
  });

  test('the site bucket is private, readable only by the distribution through origin access control', async () => {
    const resources = await runExampleUnderMocks();
    expect(one(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'groupchat-site')).toEqual({
      bucket: 'groupchat-site-physical', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    const policy = JSON.parse(one(resources, 'aws:s3/bucketPolicy:BucketPolicy', 'groupchat-site').policy);
    expect(policy.Statement).toEqual([{
      Sid: 'CloudFrontReadsThroughOriginAccessControl', Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::groupchat-site-physical/*',
      Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/groupchat-site-id' } },
    }]);
    const distribution = one(resources, 'aws:cloudfront/distribution:Distribution', 'groupchat-site');
    expect(distribution.origins).toEqual([expect.objectContaining({ originAccessControlId: 'groupchat-site-id' })]);
    expect(distribution.defaultCacheBehavior.viewerProtocolPolicy).toBe('redirect-to-https');
    expect(one(resources, 'aws:cloudfront/originAccessControl:OriginAccessControl', 'groupchat-site'))
      .toMatchObject({ originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4' });
  });

  test('config.json tells the web client where the APIs and the hosted UI are', async () => {
    const resources = await runExampleUnderMocks();
    const config = JSON.parse(one(resources, 'aws:s3/bucketObjectv2:BucketObjectv2', 'groupchat-site-config').content);
    const hostedUi = `https://groupchat-test.auth.${MOCK_REGION}.amazoncognito.com`;
    const issuer = `https://cognito-idp.${MOCK_REGION}.amazonaws.com/groupchat-auth-id`;
    expect(config).toEqual({
      apiUrl: `https://groupchat-backend-id.execute-api.${MOCK_REGION}.amazonaws.com`,
      webSocketUrl: `wss://groupchat-realtime-id.execute-api.${MOCK_REGION}.amazonaws.com/live`,
      auth: {
        issuer, clientId: 'groupchat-auth-id',
        authorizeUrl: `${hostedUi}/oauth2/authorize`, tokenUrl: `${hostedUi}/oauth2/token`, logoutUrl: `${hostedUi}/logout`,
        jwksUri: `${issuer}/.well-known/jwks.json`, identityProvider: 'Google',
      },
    });
    expect(one(resources, 'aws:cognito/userPoolClient:UserPoolClient', 'groupchat-auth').callbackUrls).toEqual(['https://groupchat-site-id.cloudfront.net/']);
    expect(one(resources, 'aws:apigatewayv2/api:Api', 'groupchat-backend').corsConfiguration.allowOrigins).toEqual(['https://groupchat-site-id.cloudfront.net']);
  });

  test('uploads the web client build with content types, and sets the API Gateway logging role unless told not to', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'web-client-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    const withSite = await runExampleUnderMocks({ webClientDir: dist });
    const uploads = withSite.filter((r) => r.type === 'aws:s3/bucketObjectv2:BucketObjectv2' && r.name !== 'groupchat-site-config');
    expect(uploads.map((r) => [(r.inputs as { key: string }).key, (r.inputs as { contentType: string }).contentType]).sort()).toEqual([
      ['assets/app.js', 'text/javascript; charset=utf-8'], ['index.html', 'text/html; charset=utf-8'],
    ]);
    expect(count(withSite, 'aws:apigateway/account:Account')).toBe(1);
    expect(count(await runExampleUnderMocks({ manageApiGatewayAccount: false }), 'aws:apigateway/account:Account')).toBe(0);
  });
});
