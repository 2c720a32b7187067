import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ArgumentChecks, BOOLEAN, NON_EMPTY, Rule, integerBetween } from './argument-checks';

/** Arguments of {@link GoogleCognitoAuth}. */
export interface GoogleCognitoAuthArgs {
  /**
   * Prefix of the hosted-UI domain `https://<domainPrefix>.auth.<region>.amazoncognito.com`; unique in the region.
   * 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, and without the words
   * Cognito reserves (`aws`, `amazon`, `cognito`).
   */
  readonly domainPrefix: pulumi.Input<string>;
  /** OAuth client id of the Google Cloud web client (stored as a Pulumi secret). */
  readonly googleClientId: pulumi.Input<string>;
  /** OAuth client secret of the Google Cloud web client (stored as a Pulumi secret). */
  readonly googleClientSecret: pulumi.Input<string>;
  /**
   * URLs the hosted UI may redirect to after sign-in (the web client's URL); at least one. Each is `https://`,
   * `http://localhost` (testing only, as Cognito allows), or an app's own scheme (`myapp://`), without a fragment.
   */
  readonly callbackUrls: pulumi.Input<pulumi.Input<string>[]>;
  /** URLs the hosted UI may redirect to after sign-out; the same rules as `callbackUrls`. */
  readonly logoutUrls: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Whether the user pool refuses deletion. Turn off only for throwaway stacks.
   * @default true
   */
  readonly deletionProtection?: pulumi.Input<boolean>;
  /**
   * Lifetime of ID and access tokens, in minutes (5 to 1440).
   * @default 60
   */
  readonly tokenValidityMinutes?: pulumi.Input<number>;
  /**
   * Lifetime of refresh tokens, in days (1 to 3650).
   * @default 30
   */
  readonly refreshTokenValidityDays?: pulumi.Input<number>;
}

/** The Google identity provider's name in Cognito. */
const GOOGLE = 'Google';

/**
 * Sign-in with Google through a Cognito user pool: the pool (no self sign-up, a strong password policy
 * for administrators' users, deletion protection), the hosted-UI domain, the Google identity provider,
 * and a public app client (no secret) for the OAuth code flow with PKCE.
 *
 * In the Google Cloud console, the OAuth client must list `googleRedirectUri` as an authorized redirect URI.
 */
export class GoogleCognitoAuth extends pulumi.ComponentResource {
  /** The user pool. */
  public readonly userPool: aws.cognito.UserPool;
  /** The hosted-UI domain. */
  public readonly domain: aws.cognito.UserPoolDomain;
  /** The Google identity provider. */
  public readonly identityProvider: aws.cognito.IdentityProvider;
  /** The public app client. */
  public readonly client: aws.cognito.UserPoolClient;
  /** Id of the user pool. */
  public readonly userPoolId: pulumi.Output<string>;
  /** ARN of the user pool. */
  public readonly userPoolArn: pulumi.Output<string>;
  /** Id of the app client: the `aud` of ID tokens. */
  public readonly clientId: pulumi.Output<string>;
  /** Token issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  public readonly issuerUrl: pulumi.Output<string>;
  /** Host name of the hosted UI, `<domainPrefix>.auth.<region>.amazoncognito.com`. */
  public readonly hostedUiDomain: pulumi.Output<string>;
  /** The redirect URI to authorize in Google's OAuth client: `https://<hostedUiDomain>/oauth2/idpresponse`. */
  public readonly googleRedirectUri: pulumi.Output<string>;

  constructor(name: string, args: GoogleCognitoAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    args = checkGoogleCognitoAuthArgs(name, args);
    super('groupchat:index:GoogleCognitoAuth', name, {}, opts);
    const parent = { parent: this };

    this.userPool = new aws.cognito.UserPool(name, {
      deletionProtection: pulumi.output(args.deletionProtection ?? true).apply((on) => (on ? 'ACTIVE' : 'INACTIVE')),
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      usernameConfiguration: { caseSensitive: false },
      accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
    }, parent);

    this.domain = new aws.cognito.UserPoolDomain(name, { domain: args.domainPrefix, userPoolId: this.userPool.id }, parent);

    this.identityProvider = new aws.cognito.IdentityProvider(name, {
      userPoolId: this.userPool.id,
      providerName: GOOGLE,
      providerType: GOOGLE,
      providerDetails: {
        client_id: pulumi.secret(args.googleClientId),
        client_secret: pulumi.secret(args.googleClientSecret),
        authorize_scopes: 'openid email profile',
      },
      attributeMapping: { email: 'email', name: 'name', picture: 'picture', username: 'sub' },
    }, parent);

    const tokenMinutes = args.tokenValidityMinutes ?? 60;
    this.client = new aws.cognito.UserPoolClient(name, {
      userPoolId: this.userPool.id,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: [GOOGLE],
      callbackUrls: args.callbackUrls,
      logoutUrls: args.logoutUrls,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      idTokenValidity: tokenMinutes,
      accessTokenValidity: tokenMinutes,
      refreshTokenValidity: args.refreshTokenValidityDays ?? 30,
      tokenValidityUnits: { idToken: 'minutes', accessToken: 'minutes', refreshToken: 'days' },
    }, { parent: this, dependsOn: [this.identityProvider] });

    this.userPoolId = this.userPool.id;
    this.userPoolArn = this.userPool.arn;
    this.clientId = this.client.id;
    // The pool's endpoint is `cognito-idp.<region>.amazonaws.com/<pool id>`.
    this.issuerUrl = pulumi.interpolate`https://${this.userPool.endpoint}`;
    const region = this.userPool.endpoint.apply((endpoint) => endpoint.split('.')[1]);
    this.hostedUiDomain = pulumi.interpolate`${this.domain.domain}.auth.${region}.amazoncognito.com`;
    this.googleRedirectUri = pulumi.interpolate`https://${this.hostedUiDomain}/oauth2/idpresponse`;

    this.registerOutputs({
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      clientId: this.clientId,
      issuerUrl: this.issuerUrl,
      hostedUiDomain: this.hostedUiDomain,
      googleRedirectUri: this.googleRedirectUri,
    });
  }
}

/** Cognito's rule for prefix domains (CreateUserPoolDomain), and the words it refuses in them. */
const DOMAIN_PREFIX: Rule<string> = {
  test: (value) => typeof value === 'string' && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) && !/aws|amazon|cognito/.test(value),
  text: 'be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, without the reserved words aws, amazon or cognito',
};

/** Cognito's rule for redirect URIs: absolute, no fragment, HTTPS unless `http://localhost`; app schemes allowed. */
const REDIRECT_URL: Rule<string> = {
  test: (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (value.includes('#')) return false;
    if (url.protocol === 'http:') return url.hostname === 'localhost';
    return url.protocol === 'https:' ? url.hostname !== '' : /^[a-z][a-z0-9+.-]*:$/.test(url.protocol);
  },
  text: 'be an absolute URL without a fragment, https:// (http:// only for localhost) or an app scheme such as myapp://',
};

function checkGoogleCognitoAuthArgs(name: string, given: GoogleCognitoAuthArgs | undefined): GoogleCognitoAuthArgs {
  const checks = new ArgumentChecks('GoogleCognitoAuth', name);
  const args = given ?? ({} as GoogleCognitoAuthArgs);
  return {
    ...args,
    domainPrefix: checks.check('domainPrefix', checks.required('domainPrefix', args.domainPrefix, 'the hosted-UI domain prefix'), DOMAIN_PREFIX),
    googleClientId: checks.check('googleClientId', checks.required('googleClientId', args.googleClientId, "the Google OAuth client's id"), NON_EMPTY),
    googleClientSecret: checks.check('googleClientSecret', checks.required('googleClientSecret', args.googleClientSecret, "the Google OAuth client's secret"), NON_EMPTY),
    callbackUrls: checks.checkList('callbackUrls', checks.required('callbackUrls', args.callbackUrls, 'where sign-in returns to'), 1, REDIRECT_URL),
    logoutUrls: checks.checkList('logoutUrls', checks.required('logoutUrls', args.logoutUrls, 'where sign-out returns to'), 0, REDIRECT_URL),
    deletionProtection: checks.check('deletionProtection', args.deletionProtection, BOOLEAN),
    tokenValidityMinutes: checks.check('tokenValidityMinutes', args.tokenValidityMinutes, integerBetween(5, 1440)),
    refreshTokenValidityDays: checks.check('refreshTokenValidityDays', args.refreshTokenValidityDays, integerBetween(1, 3650)),
  };
}
