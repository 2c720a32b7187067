import * as path from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { GoogleCognitoAuth, GroupChatBackend, GroupChatDashboard, GroupChatVpc, Neo4jInstance, RealtimeFanout } from 'pulumi-groupchat';
import { createWebHosting, uploadFolder } from './web-hosting';

/** What the example deployment is configured with (see Pulumi.yaml). */
export interface FullDeploymentSettings {
  googleClientId: pulumi.Input<string>;
  googleClientSecret: pulumi.Input<string>;
  cognitoDomainPrefix: string;
  /** @default true */
  deletionProtection?: boolean;
  /** @default true */
  manageApiGatewayAccount?: boolean;
  /** SNS topic the alarms notify (it needs a KMS key CloudWatch may use). @default - alarms only change state */
  alarmTopicArn?: pulumi.Input<string>;
  /** The web client's build folder. @default examples/web-client/dist */
  webClientDir?: string;
}

/** The stack outputs. */
export interface FullDeploymentOutputs {
  siteUrl: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  webSocketUrl: pulumi.Output<string>;
  googleRedirectUri: pulumi.Output<string>;
  cognitoHostedUiDomain: pulumi.Output<string>;
  neo4jInstanceId: pulumi.Output<string>;
  neo4jPasswordSecretArn: pulumi.Output<string>;
}

/**
 * The whole system: a VPC, one "database clients" security group that Neo4j admits and every function that
 * reaches Neo4j uses, the four components wired together, and the web client on CloudFront with the
 * `config.json` it reads at start.
 */
export function fullDeployment(settings: FullDeploymentSettings, name = 'groupchat'): FullDeploymentOutputs {
  const network = new GroupChatVpc(`${name}-network`);
  const databaseClients = new aws.ec2.SecurityGroup(`${name}-db-clients`, {
    vpcId: network.vpcId,
    description: 'Lambda functions that reach Neo4j',
    egress: [
      { description: 'AWS APIs through NAT', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
      { description: 'Neo4j Bolt inside the VPC', protocol: 'tcp', fromPort: 7687, toPort: 7687, cidrBlocks: [network.cidrBlock] },
    ],
  });
  const neo4j = new Neo4jInstance(`${name}-neo4j`, {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    boltClientSecurityGroupIds: [databaseClients.id],
    alarmTopicArn: settings.alarmTopicArn,
  });

  const hosting = createWebHosting(name);
  const auth = new GoogleCognitoAuth(`${name}-auth`, {
    domainPrefix: settings.cognitoDomainPrefix,
    googleClientId: settings.googleClientId,
    googleClientSecret: settings.googleClientSecret,
    callbackUrls: [pulumi.interpolate`${hosting.siteUrl}/`],
    logoutUrls: [pulumi.interpolate`${hosting.siteUrl}/`],
    deletionProtection: settings.deletionProtection ?? true,
  });

  const inVpc = { vpcSubnetIds: network.privateSubnetIds, securityGroupIds: [databaseClients.id] };
  const neo4jSettings = {
    neo4jBoltUri: neo4j.boltUri,
    neo4jPasswordSecretArn: neo4j.passwordSecretArn,
    neo4jCertificateSecretArn: neo4j.certificateSecretArn,
  };
  const authSettings = { authIssuer: auth.issuerUrl, authClientId: auth.clientId, alarmTopicArn: settings.alarmTopicArn };

  let apiGatewayAccount: aws.apigateway.Account | undefined;
  if (settings.manageApiGatewayAccount ?? true) {
    // WebSocket stages can write access logs only once the account has this role (one per account and region).
    const role = new aws.iam.Role(`${name}-apigateway-logs`, {
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-apigateway-logs`, {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    });
    apiGatewayAccount = new aws.apigateway.Account(`${name}-apigateway`, { cloudwatchRoleArn: role.arn }, { dependsOn: [attachment] });
  }

  const realtime = new RealtimeFanout(`${name}-realtime`, { ...neo4jSettings, ...authSettings, ...inVpc },
    { dependsOn: apiGatewayAccount ? [apiGatewayAccount] : [] });
  const backend = new GroupChatBackend(`${name}-backend`, {
    ...neo4jSettings,
    ...authSettings,
    ...inVpc,
    connectionsTableArn: realtime.connectionsTableArn,
    eventsTopicArn: realtime.eventsTopicArn,
    corsAllowOrigins: [hosting.siteUrl],
  });
  new GroupChatDashboard(`${name}-dashboard`, {
    httpApiId: backend.api.id,
    apiFunctionName: backend.apiFunctionName,
    fanoutFunctionName: realtime.fanoutFunctionName,
    failedDeliveriesQueueName: realtime.failedDeliveriesQueueName,
    neo4jInstanceId: neo4j.instanceId,
    alarmArns: [...neo4j.alarms, ...realtime.alarms, ...backend.alarms].map((alarm) => alarm.arn),
  });

  const hostedUi = pulumi.interpolate`https://${auth.hostedUiDomain}`;
  new aws.s3.BucketObjectv2(`${name}-site-config`, {
    bucket: hosting.bucket.id,
    key: 'config.json',
    contentType: 'application/json',
    content: pulumi.jsonStringify({
      apiUrl: backend.apiUrl,
      webSocketUrl: realtime.websocketUrl,
      auth: {
        issuer: auth.issuerUrl,
        clientId: auth.clientId,
        authorizeUrl: pulumi.interpolate`${hostedUi}/oauth2/authorize`,
        tokenUrl: pulumi.interpolate`${hostedUi}/oauth2/token`,
        logoutUrl: pulumi.interpolate`${hostedUi}/logout`,
        jwksUri: pulumi.interpolate`${auth.issuerUrl}/.well-known/jwks.json`,
        // The hosted UI goes straight to Google instead of showing its own provider list.
        identityProvider: 'Google',
      },
    }),
  });
  uploadFolder(name, hosting.bucket, settings.webClientDir ?? path.join(__dirname, '..', 'web-client', 'dist'));

  return {
    siteUrl: hosting.siteUrl,
    apiUrl: backend.apiUrl,
    webSocketUrl: realtime.websocketUrl,
    googleRedirectUri: auth.googleRedirectUri,
    cognitoHostedUiDomain: auth.hostedUiDomain,
    neo4jInstanceId: neo4j.instanceId,
    neo4jPasswordSecretArn: neo4j.passwordSecretArn,
  };
}
