import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConnectionRegistry } from './connection-registry';
import { ConnectionsEndpoint } from './connections-endpoint';
import { type EmbeddedDynamoDb, LOCAL_AWS_ENVIRONMENT, startDynamoDb } from './embedded-dynamodb';
import { DataFolder } from './data-folder';
import { ClientConfig, LocalGateway, WEBSOCKET_PATH } from './gateway';
import { API_BASE_PATH, LocalHttpApi } from './http-api';
import { AUTH_BASE_PATH, DevIdentityProvider } from './identity-provider';
import { InProcessTopic, LOCAL_TOPIC_ARN } from './in-process-sns';
import { HttpJwtAuthorizer } from './jwt-authorizer';
import { LocalHandlers } from './lambda-invoke';
import { FanoutWorkerPool } from './fanout-workers';
import { loadRuntime } from './runtime-handlers';
import { SCHEMA_VERSION } from '../runtime/store/schema';
import { LocalWebSocketApi } from './websocket-api';

/** Options of {@link startLocalRuntime}. */
export interface LocalRuntimeOptions {
  /**
   * Port of the gateway (HTTP, WebSocket, identity provider, web client).
   * @default 0 (any free port)
   */
  port?: number;
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * A gateway already listening ({@link LocalGateway.open}), answering 503 until the runtime is ready; `port`
   * and `host` are then unused.
   * @default - a gateway opened on `port` and `host`
   */
  gateway?: LocalGateway;
  /**
   * Folder keeping the identity provider's signing key (tokens stay valid across restarts) and the schema
   * version the Neo4j store was migrated to (see {@link DataFolder}).
   * @default - nothing kept: a new signing key per start
   */
  dataDir?: string;
  /**
   * Bolt URI of the Neo4j to use.
   * @default process.env.NEO4J_URI
   */
  neo4jUri?: string;
  /**
   * @default process.env.NEO4J_USER, else 'neo4j'
   */
  neo4jUser?: string;
  /**
   * @default process.env.NEO4J_PASSWORD, else 'neo4j'
   */
  neo4jPassword?: string;
  /**
   * WebSocket idle timeout.
   * @default 600000 (API Gateway's 10 minutes)
   */
  idleTimeoutMs?: number;
  /**
   * WebSocket maximum connection duration.
   * @default 7200000 (API Gateway's 2 hours)
   */
  maxConnectionMs?: number;
  /**
   * Latency added to every `@connections` call, modelling the round trip to API Gateway.
   * @default 0
   */
  connectionsLatencyMs?: number;
  /**
   * Up to this much more latency, at random, per `@connections` call (so concurrent deliveries can overtake one another).
   * @default 0
   */
  connectionsJitterMs?: number;
  /**
   * Folder of the web client's build, served at `/`.
   * @default - `examples/web-client/dist` of this package
   */
  webClientDir?: string;
  /**
   * The app client id: the `aud` of ID tokens and what the authorizers accept.
   * @default 'local-web-client'
   */
  clientId?: string;
  /**
   * Worker threads the fan-out handler runs on, like Lambda containers; 0 runs it on the gateway's thread.
   * @default 2 when running compiled JavaScript (npm start, benchmarks), 0 from TypeScript source (jest)
   */
  fanoutWorkers?: number;
  /**
   * Each user's rate limits (sending, editing, reacting, applying), like `rateLimitPerSecond` and
   * `rateLimitBurst` of the components.
   * @default - RATE_LIMIT_PER_SECOND and RATE_LIMIT_BURST from the environment, else 10 per second, burst 20
   */
  rateLimit?: { perSecond?: number; burst?: number };
  /**
   * The handler modules to run (fan-out then runs on the gateway's thread).
   * @default - the runtime's handlers (`src/runtime/handlers`)
   */
  handlers?: LocalHandlers;
}

/** A running local runtime. */
export interface LocalRuntime {
  /** The gateway's origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** What `/config.json` serves. */
  config: ClientConfig;
  identityProvider: DevIdentityProvider;
  /** The `@connections` endpoint (its `latencyMs` and `jitterMs` can be changed while running). */
  connections: ConnectionsEndpoint;
  /** The open WebSocket connections. */
  registry: ConnectionRegistry;
  /** The in-process events topic. */
  topic: InProcessTopic;
  /** The WebSocket API (e.g. to make a connection vanish in a test). */
  webSocketApi: LocalWebSocketApi;
  /** The embedded DynamoDB's endpoint and the connections table's name. */
  dynamoDb: { endpoint: string; connectionsTable: string };
  /** With a data folder: the schema version it recorded before this start (0: none) and the one it has now. */
  schemaVersions?: { recorded: number; current: number };
  /** Closes every connection, waits for handlers in flight, and stops the embedded services. */
  stop(): Promise<void>;
}

const CONNECTIONS_TABLE = 'groupchat-connections';

/** A handler setting given as an option, else as this process's environment variable, else left to the handler's default. */
function setting(variable: string, value: number | undefined): Record<string, string> {
  const chosen = value === undefined ? process.env[variable] : String(value);
  return chosen ? { [variable]: chosen } : {};
}

/**
 * Starts the whole chat backend in this process: the runtime's own handlers behind a gateway that builds
 * API Gateway-shaped events, an embedded DynamoDB for the connections table, an in-process SNS topic feeding
 * the fan-out handler, the `@connections` endpoint, and a dev identity provider. Neo4j is not started here:
 * give its URI (`npm start` starts one).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const neo4jUri = options.neo4jUri ?? process.env.NEO4J_URI;
  if (!neo4jUri) throw new Error('startLocalRuntime needs a Neo4j: pass neo4jUri or set NEO4J_URI.');
  const clientId = options.clientId ?? 'local-web-client';
  const dataFolder = options.dataDir === undefined ? undefined : new DataFolder(options.dataDir);
  const recordedSchema = dataFolder?.checkSchemaVersion();

  const gateway = options.gateway ?? (await LocalGateway.open({ port: options.port, host: options.host }));
  const { url } = gateway;
  let dynamoDb: EmbeddedDynamoDb | undefined;
  try {
    dynamoDb = await startDynamoDb();
    await dynamoDb.createConnectionsTable(CONNECTIONS_TABLE);
    const identityProvider = new DevIdentityProvider({ issuer: `${url}${AUTH_BASE_PATH}`, clientId, key: dataFolder?.signingKey() });
    const environment = {
      NEO4J_URI: neo4jUri,
      NEO4J_USER: options.neo4jUser ?? process.env.NEO4J_USER ?? 'neo4j',
      NEO4J_PASSWORD: options.neo4jPassword ?? process.env.NEO4J_PASSWORD ?? 'neo4j',
      CONNECTIONS_TABLE,
      EVENTS_TOPIC_ARN: LOCAL_TOPIC_ARN,
      WEBSOCKET_MANAGEMENT_ENDPOINT: url,
      AUTH_ISSUER: identityProvider.issuer,
      AUTH_CLIENT_ID: clientId,
      AUTH_JWKS_URI: identityProvider.jwksUri,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      ...LOCAL_AWS_ENVIRONMENT,
      // One machine runs every connection's delivery: an info line per delivery would bury the console.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Posts in flight per fan-out invocation (50 on AWS): a local post is a loopback round trip with no network
      // wait, so more in flight keep both cores busy (bench:fanout at N=500: p99 about 250 ms instead of 300 ms).
      FANOUT_CONCURRENCY: process.env.FANOUT_CONCURRENCY ?? '150',
      ...(process.env.FANOUT_BATCH_SIZE ? { FANOUT_BATCH_SIZE: process.env.FANOUT_BATCH_SIZE } : {}),
      // The same per-user rate limits as on AWS (10/s, burst 20) unless told otherwise.
      ...setting('RATE_LIMIT_PER_SECOND', options.rateLimit?.perSecond),
      ...setting('RATE_LIMIT_BURST', options.rateLimit?.burst),
    };
    const runtime = await loadRuntime(environment, {
      handlers: options.handlers,
      fanoutWorkers: options.fanoutWorkers ?? (FanoutWorkerPool.available() ? 2 : 0),
    });
    const { handlers, topic } = runtime;
    dataFolder?.recordSchemaVersion();

    const registry = new ConnectionRegistry();
    const connections = new ConnectionsEndpoint(registry, { latencyMs: options.connectionsLatencyMs, jitterMs: options.connectionsJitterMs });
    const webSocketApi = new LocalWebSocketApi(handlers, registry, () => gateway.authority, {
      idleTimeoutMs: options.idleTimeoutMs,
      maxConnectionMs: options.maxConnectionMs,
    });
    const authorizer = new HttpJwtAuthorizer({ issuer: identityProvider.issuer, audience: [clientId], jwks: identityProvider.key.jwks() });
    const config: ClientConfig = {
      apiUrl: `${url}${API_BASE_PATH}`,
      webSocketUrl: `${url.replace(/^http/, 'ws')}${WEBSOCKET_PATH}`,
      auth: identityProvider.endpoints(),
    };
    gateway.serve({
      httpApi: new LocalHttpApi(handlers.api, authorizer),
      webSocketApi,
      connections,
      identityProvider,
      clientConfig: config,
      webClientDir: options.webClientDir ?? join(packageRoot(), 'examples', 'web-client', 'dist'),
    });

    const embedded = dynamoDb;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await webSocketApi.close();
        await topic.drain();
        await gateway.close();
        await runtime.close();
        await embedded.stop();
      })());
    return {
      url,
      config,
      identityProvider,
      connections,
      registry,
      topic,
      webSocketApi,
      dynamoDb: { endpoint: embedded.endpoint, connectionsTable: CONNECTIONS_TABLE },
      ...(recordedSchema === undefined ? {} : { schemaVersions: { recorded: recordedSchema, current: SCHEMA_VERSION } }),
      stop,
    };
  } catch (error) {
    await gateway.close();
    await dynamoDb?.stop();
    throw error;
  }
}

/** The folder of this package's package.json, from the source, the tsc output or the start bundle. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
