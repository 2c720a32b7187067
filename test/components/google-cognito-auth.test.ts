import * as pulumi from '@pulumi/pulumi';
import { MOCK_REGION, RecordingMocks, valueOf } from '../support/pulumi-mocks';
import { construct, expectAllParentedTo, isSecret } from './harness';

const mocks = new RecordingMocks();
pulumi.runtime.setMocks(mocks, 'project', 'stack', false);

import { GoogleCognitoAuth, GoogleCognitoAuthArgs } from '../../src/components';

const TYPE = 'groupchat:index:GoogleCognitoAuth';
const ARGS: GoogleCognitoAuthArgs = {
  domainPrefix: 'chat-example',
  googleClientId: 'google-client-id.apps.googleusercontent.com',
  googleClientSecret: 'GOCSPX-google-secret',
  callbackUrls: ['https://chat.example.com/'],
  logoutUrls: ['https://chat.example.com/signed-out'],
};
const build = (name: string, args: GoogleCognitoAuthArgs = ARGS) =>
  construct(mocks, TYPE, name, (opts) => new GoogleCognitoAuth(name, args, opts));

describe('GoogleCognitoAuth', () => {
  test('creates exactly the pool, domain, Google provider and client, named after the component and parented to it', async () => {
    const built = await build('auth');
    expect(built.inventory()).toEqual([
      'aws:cognito/identityProvider:IdentityProvider::auth',
      'aws:cognito/userPool:UserPool::auth',
      'aws:cognito/userPoolClient:UserPoolClient::auth',
      'aws:cognito/userPoolDomain:UserPoolDomain::auth',
    ]);
    expectAllParentedTo(built);
  });

  test('the pool refuses deletion, self sign-up and weak passwords by default', async () => {
    const built = await build('auth-pool');
    const pool = built.inputs('aws:cognito/userPool:UserPool', 'auth-pool');
    expect(pool.deletionProtection).toBe('ACTIVE');
    expect(pool.adminCreateUserConfig).toEqual({ allowAdminCreateUserOnly: true });
    expect(pool.passwordPolicy).toEqual({
      minimumLength: 14,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
      temporaryPasswordValidityDays: 3,
    });
  });

  test('deletion protection can be turned off', async () => {
    const built = await build('auth-throwaway', { ...ARGS, deletionProtection: false });
    expect(built.inputs('aws:cognito/userPool:UserPool', 'auth-throwaway').deletionProtection).toBe('INACTIVE');
  });

  test('the Google client id and secret are secrets, and the attributes are mapped', async () => {
    const built = await build('auth-idp');
    const raw = built.rawInputs('aws:cognito/identityProvider:IdentityProvider', 'auth-idp');
    expect(isSecret(raw.providerDetails)).toBe(true);
    const idp = built.inputs('aws:cognito/identityProvider:IdentityProvider', 'auth-idp');
    expect(idp).toMatchObject({
      providerName: 'Google',
      providerType: 'Google',
      providerDetails: { client_id: ARGS.googleClientId, client_secret: ARGS.googleClientSecret, authorize_scopes: 'openid email profile' },
      attributeMapping: { email: 'email', name: 'name', picture: 'picture', username: 'sub' },
    });
    // Neither value leaks into any other resource.
    const others = built.resources.filter((r) => r.type !== 'aws:cognito/identityProvider:IdentityProvider');
    expect(JSON.stringify(others)).not.toContain(ARGS.googleClientSecret);
  });

  test('the app client is public, uses the code flow with PKCE scopes, Google only, and waits for the provider', async () => {
    const built = await build('auth-client');
    const client = built.inputs('aws:cognito/userPoolClient:UserPoolClient', 'auth-client');
    expect(client).toMatchObject({
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: ['Google'],
      callbackUrls: ARGS.callbackUrls,
      logoutUrls: ARGS.logoutUrls,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(built.child('aws:cognito/userPoolClient:UserPoolClient', 'auth-client').dependsOn)
      .toEqual(['aws:cognito/identityProvider:IdentityProvider::auth-client']);
    expect(built.inputs('aws:cognito/userPoolDomain:UserPoolDomain', 'auth-client').domain).toBe('chat-example');
  });

  test('outputs the pool, client, issuer, hosted-UI domain and the redirect URI for Google', async () => {
    const built = await build('auth-out');
    const auth = built.component;
    const poolId = await valueOf(auth.userPoolId);
    expect(await valueOf(auth.userPoolArn)).toContain(`userpool/${poolId}`);
    expect(await valueOf(auth.clientId)).toBe('auth-out-id');
    expect(await valueOf(auth.issuerUrl)).toBe(`https://cognito-idp.${MOCK_REGION}.amazonaws.com/${poolId}`);
    expect(await valueOf(auth.hostedUiDomain)).toBe(`chat-example.auth.${MOCK_REGION}.amazoncognito.com`);
    expect(await valueOf(auth.googleRedirectUri)).toBe(`https://chat-example.auth.${MOCK_REGION}.amazoncognito.com/oauth2/idpresponse`);
  });
});
