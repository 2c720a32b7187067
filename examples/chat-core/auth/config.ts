/**
 * What the web client needs to know about its deployment, read from `/config.json` at start: the local
 * runtime serves it, and the example deployment writes it next to the app on CloudFront.
 */
export interface ClientConfig {
  apiUrl: string;
  webSocketUrl: string;
  auth: AuthConfig;
}

/** The OAuth settings: Cognito's hosted UI on AWS, the dev identity provider locally. */
export interface AuthConfig {
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  /**
   * The identity provider the hosted UI should go straight to (`identity_provider=`).
   * @default 'Google' for a Cognito issuer, none otherwise
   */
  identityProvider?: string;
}

const REQUIRED_AUTH_FIELDS = ['issuer', 'clientId', 'authorizeUrl', 'tokenUrl', 'logoutUrl'] as const;

/** Checks a parsed `/config.json`; throws an error that names the missing field. */
export function parseConfig(value: unknown): ClientConfig {
  const config = value as Partial<ClientConfig> | null;
  if (!config || typeof config !== 'object') throw new Error('config.json is not a JSON object');
  for (const field of ['apiUrl', 'webSocketUrl'] as const) {
    if (typeof config[field] !== 'string' || !config[field]) throw new Error(`config.json has no ${field}`);
  }
  const auth = config.auth as Partial<AuthConfig> | undefined;
  if (!auth || typeof auth !== 'object') throw new Error('config.json has no auth settings');
  for (const field of REQUIRED_AUTH_FIELDS) {
    if (typeof auth[field] !== 'string' || !auth[field]) throw new Error(`config.json has no auth.${field}`);
  }
  return {
    apiUrl: config.apiUrl!,
    webSocketUrl: config.webSocketUrl!,
    auth: { ...(auth as AuthConfig), identityProvider: auth.identityProvider ?? defaultIdentityProvider(auth.issuer!) },
  };
}

/** Cognito user pools of this deployment sign in with Google only, so the hosted UI can skip its chooser. */
function defaultIdentityProvider(issuer: string): string | undefined {
  return /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//.test(issuer) ? 'Google' : undefined;
}
