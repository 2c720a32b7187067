/** The runtime's settings, read once per container from the environment the components set. */
export interface RuntimeConfig {
  neo4jUri?: string;
  neo4jUser: string;
  /** The password in clear: only the local runtime sets it. */
  neo4jPassword?: string;
  /** The Secrets Manager secret holding the password: what the components set on AWS. */
  neo4jPasswordSecretArn?: string;
  /**
   * The Secrets Manager secret holding the certificate (PEM) of Neo4j's Bolt endpoint: set, the driver
   * trusts that certificate and nothing else (the URI must be `bolt+s://` or `neo4j+s://`).
   */
  neo4jCertificateSecretArn?: string;
  connectionsTable?: string;
  eventsTopicArn?: string;
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`. */
  managementEndpoint?: string;
  authIssuer?: string;
  authClientId?: string;
  authJwksUri?: string;
  /** Connections one fan-out invocation posts to; larger audiences are split into re-published batches. */
  fanoutBatchSize: number;
  /** Posts one fan-out invocation has in flight at once. */
  fanoutConcurrency: number;
  /** Tokens per second of each user's rate-limit buckets (send, edit, react, apply). */
  rateLimitPerSecond: number;
  /** Size of each user's rate-limit buckets: the most actions of one kind at once. */
  rateLimitBurst: number;
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive whole number, not "${value}".`);
  return parsed;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const authIssuer = env.AUTH_ISSUER?.replace(/\/+$/, '');
  return {
    neo4jUri: env.NEO4J_URI,
    neo4jUser: env.NEO4J_USER || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD,
    neo4jPasswordSecretArn: env.NEO4J_PASSWORD_SECRET_ARN,
    neo4jCertificateSecretArn: env.NEO4J_CERTIFICATE_SECRET_ARN || undefined,
    connectionsTable: env.CONNECTIONS_TABLE,
    eventsTopicArn: env.EVENTS_TOPIC_ARN,
    managementEndpoint: env.WEBSOCKET_MANAGEMENT_ENDPOINT,
    authIssuer,
    authClientId: env.AUTH_CLIENT_ID,
    authJwksUri: env.AUTH_JWKS_URI || (authIssuer ? `${authIssuer}/.well-known/jwks.json` : undefined),
    fanoutBatchSize: positiveInteger(env.FANOUT_BATCH_SIZE, 'FANOUT_BATCH_SIZE', 250),
    fanoutConcurrency: positiveInteger(env.FANOUT_CONCURRENCY, 'FANOUT_CONCURRENCY', 50),
    rateLimitPerSecond: positiveInteger(env.RATE_LIMIT_PER_SECOND, 'RATE_LIMIT_PER_SECOND', 10),
    rateLimitBurst: positiveInteger(env.RATE_LIMIT_BURST, 'RATE_LIMIT_BURST', 20),
  };
}

const VARIABLES: Record<keyof RuntimeConfig, string> = {
  neo4jUri: 'NEO4J_URI',
  neo4jUser: 'NEO4J_USER',
  neo4jPassword: 'NEO4J_PASSWORD',
  neo4jPasswordSecretArn: 'NEO4J_PASSWORD_SECRET_ARN',
  neo4jCertificateSecretArn: 'NEO4J_CERTIFICATE_SECRET_ARN',
  connectionsTable: 'CONNECTIONS_TABLE',
  eventsTopicArn: 'EVENTS_TOPIC_ARN',
  managementEndpoint: 'WEBSOCKET_MANAGEMENT_ENDPOINT',
  authIssuer: 'AUTH_ISSUER',
  authClientId: 'AUTH_CLIENT_ID',
  authJwksUri: 'AUTH_JWKS_URI',
  fanoutBatchSize: 'FANOUT_BATCH_SIZE',
  fanoutConcurrency: 'FANOUT_CONCURRENCY',
  rateLimitPerSecond: 'RATE_LIMIT_PER_SECOND',
  rateLimitBurst: 'RATE_LIMIT_BURST',
};

/** A setting this handler cannot work without; a missing one is a deployment error named by its variable. */
export function required<K extends keyof RuntimeConfig>(config: RuntimeConfig, key: K): NonNullable<RuntimeConfig[K]> {
  const value = config[key];
  if (value === undefined || value === null || value === '') {
    throw new Error(`The environment variable ${VARIABLES[key]} is not set.`);
  }
  return value as NonNullable<RuntimeConfig[K]>;
}
