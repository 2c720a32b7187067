import * as pulumi from '@pulumi/pulumi';
import { fullDeployment } from './deployment';

const config = new pulumi.Config();
const outputs = fullDeployment({
  googleClientId: config.requireSecret('googleClientId'),
  googleClientSecret: config.requireSecret('googleClientSecret'),
  cognitoDomainPrefix: config.require('cognitoDomainPrefix'),
  deletionProtection: config.getBoolean('deletionProtection'),
  manageApiGatewayAccount: config.getBoolean('manageApiGatewayAccount'),
  webClientDir: config.get('webClientDir'),
  alarmTopicArn: config.get('alarmTopicArn'),
});

export const siteUrl = outputs.siteUrl;
export const apiUrl = outputs.apiUrl;
export const webSocketUrl = outputs.webSocketUrl;
/** Add this to the Google OAuth client's authorized redirect URIs. */
export const googleRedirectUri = outputs.googleRedirectUri;
export const cognitoHostedUiDomain = outputs.cognitoHostedUiDomain;
export const neo4jInstanceId = outputs.neo4jInstanceId;
export const neo4jPasswordSecretArn = outputs.neo4jPasswordSecretArn;
