import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ConnectionRegistry, LiveConnection, WEBSOCKET_LIMITS, newConnectionId } from './connection-registry';
import { FrameSizeGuard } from './frame-size-guard';
import { flatHeaders, queryParameters, sourceIp } from './http-io';
import { LocalHandlers, invoke } from './lambda-invoke';

/** Options of {@link LocalWebSocketApi}. */
export interface LocalWebSocketApiOptions {
  /**
   * A connection that receives nothing from its client for this long is closed (1001).
   * @default 600000 (API Gateway's 10 minutes)
   */
  idleTimeoutMs?: number;
  /**
   * A connection is closed (1001) this long after it opened, whatever it does.
   * @default 7200000 (API Gateway's 2 hours)
   */
  maxConnectionMs?: number;
}

interface AuthorizerPolicy {
  principalId?: string;
  policyDocument?: { Statement?: { Effect?: string }[] };
  context?: Record<string, unknown>;
}

interface RouteResult {
  statusCode?: number;
}

/** Thrown to refuse an upgrade with an HTTP status, like API Gateway does on `$connect`. */
class RefusedUpgrade extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(reason);
  }
}

/**
 * The local WebSocket API: `$connect` through the REQUEST authorizer (token from `?token=`) and the connect
 * handler before the upgrade completes, `$default` for every message, `$disconnect` when a socket closes;
 * with API Gateway's frame (32 KB) and message (128 KB) limits, idle timeout and maximum duration.
 */
export class LocalWebSocketApi {
  private readonly server: WebSocketServer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly vanished = new Set<string>();
  private readonly idleTimeoutMs: number;
  private readonly maxConnectionMs: number;

  constructor(
    private readonly handlers: Pick<LocalHandlers, 'ws-authorizer' | 'ws-connect' | 'ws-disconnect' | 'ws-default'>,
    readonly registry: ConnectionRegistry,
    private readonly domainName: () => string,
    options: LocalWebSocketApiOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? WEBSOCKET_LIMITS.idleTimeoutMs;
    this.maxConnectionMs = options.maxConnectionMs ?? WEBSOCKET_LIMITS.maxConnectionMs;
    this.server = new WebSocketServer({ noServer: true, maxPayload: WEBSOCKET_LIMITS.messageBytes, perMessageDeflate: false });
  }

  /** Takes over an HTTP upgrade request for the WebSocket path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    this.track(this.upgrade(request, socket, head, url));
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const connectionId = newConnectionId();
    const connectedAt = new Date();
    const base = {
      headers: flatHeaders(request),
      queryStringParameters: queryParameters(url.searchParams),
      identity: { sourceIp: sourceIp(request), userAgent: request.headers['user-agent'] ?? '' },
    };
    let authorizer: Record<string, unknown>;
    try {
      authorizer = await this.authorize(connectionId, connectedAt, base);
      const connectEvent = {
        headers: base.headers,
        multiValueHeaders: multiValue(base.headers),
        queryStringParameters: base.queryStringParameters,
        multiValueQueryStringParameters: multiValue(base.queryStringParameters),
        requestContext: this.requestContext('$connect', 'CONNECT', connectionId, connectedAt, base.identity, authorizer),
        isBase64Encoded: false,
      };
      const result = await invoke<RouteResult | undefined>('ws-connect', this.handlers['ws-connect'], connectEvent);
      const status = result?.statusCode ?? 200;
      if (status < 200 || status > 299) throw new RefusedUpgrade(status, 'Forbidden');
    } catch (error) {
      const refusal = error instanceof RefusedUpgrade ? error : new RefusedUpgrade(500, 'Internal server error');
      if (!(error instanceof RefusedUpgrade)) console.error('local websocket: $connect failed', error);
      return refuse(socket, refusal);
    }
    if (socket.destroyed) return this.disconnect(connectionId, connectedAt, base.identity, authorizer, 1006, 'Client went away during $connect');

    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      const connection: LiveConnection = {
        id: connectionId,
        socket: webSocket,
        connectedAt,
        lastActiveAt: connectedAt,
        sourceIp: base.identity.sourceIp,
        userAgent: base.identity.userAgent,
        authorizer,
      };
      this.registry.add(connection);
      this.watch(connection, socket);
    });
  }

  /** Runs the REQUEST authorizer; resolves its context, or throws the refusal API Gateway would answer with. */
  private async authorize(
    connectionId: string,
    connectedAt: Date,
    base: { headers: Record<string, string>; queryStringParameters?: Record<string, string>; identity: { sourceIp: string; userAgent: string } },
  ): Promise<Record<string, unknown>> {
    // The identity source is the `token` query parameter: without it API Gateway answers 401 by itself.
    if (!base.queryStringParameters?.token) throw new RefusedUpgrade(401, 'Unauthorized');
    const event = {
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:local:000000000000:local/local/$connect',
      headers: base.headers,
      multiValueHeaders: multiValue(base.headers),
      queryStringParameters: base.queryStringParameters,
      multiValueQueryStringParameters: multiValue(base.queryStringParameters),
      stageVariables: {},
      requestContext: this.requestContext('$connect', 'CONNECT', connectionId, connectedAt, base.identity, undefined),
    };
    let policy: AuthorizerPolicy | undefined;
    try {
      policy = await invoke<AuthorizerPolicy | undefined>('ws-authorizer', this.handlers['ws-authorizer'], event);
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') throw new RefusedUpgrade(401, 'Unauthorized');
      console.error('local websocket: the authorizer threw', error);
      throw new RefusedUpgrade(500, 'Internal server error');
    }
    const statements = policy?.policyDocument?.Statement ?? [];
    const allowed = statements.length > 0 && statements.every((statement) => statement.Effect === 'Allow');
    if (!allowed) throw new RefusedUpgrade(403, 'Forbidden');
    return { ...policy?.context, principalId: policy?.principalId ?? '', integrationLatency: 0 };
  }

  /** Wires one open connection: limits, timers, messages and the close. */
  private watch(connection: LiveConnection, rawSocket: Duplex): void {
    const { socket } = connection;
    let refused = false;
    const guard = new FrameSizeGuard(WEBSOCKET_LIMITS.frameBytes);
    // Before ws's own listener, so an oversized frame is refused before ws hands its message over.
    rawSocket.prependListener('data', (chunk: Buffer) => {
      if (refused) return;
      const size = guard.push(chunk);
      if (size !== undefined) {
        refused = true;
        socket.close(1009, `Frame of ${size} bytes exceeds ${WEBSOCKET_LIMITS.frameBytes}`);
      }
    });

    let idleTimer = setTimeout(() => socket.close(1001, 'Going away'), this.idleTimeoutMs);
    const maxTimer = setTimeout(() => socket.close(1001, 'Going away'), this.maxConnectionMs);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (refused) return;
      connection.lastActiveAt = new Date();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => socket.close(1001, 'Going away'), this.idleTimeoutMs);
      const event = {
        requestContext: {
          ...this.requestContext('$default', 'MESSAGE', connection.id, connection.connectedAt, identityOf(connection), connection.authorizer),
          messageId: randomUUID(),
        },
        body: isBinary ? data.toString('base64') : data.toString('utf8'),
        isBase64Encoded: isBinary,
      };
      this.track(
        invoke('ws-default', this.handlers['ws-default'], event).catch((error) => {
          console.error('local websocket: $default failed', error);
        }),
      );
    });
    socket.on('error', () => undefined);
    socket.once('close', (code: number, reason: Buffer) => {
      clearTimeout(idleTimer);
      clearTimeout(maxTimer);
      this.registry.remove(connection.id);
      if (this.vanished.delete(connection.id)) return;
      this.track(this.disconnect(connection.id, connection.connectedAt, identityOf(connection), connection.authorizer, code, reason.toString()));
    });
  }

  private async disconnect(
    connectionId: string,
    connectedAt: Date,
    identity: { sourceIp: string; userAgent: string },
    authorizer: Record<string, unknown>,
    code: number,
    reason: string,
  ): Promise<void> {
    const event = {
      headers: {},
      multiValueHeaders: {},
      requestContext: {
        ...this.requestContext('$disconnect', 'DISCONNECT', connectionId, connectedAt, identity, authorizer),
        disconnectStatusCode: code,
        disconnectReason: reason,
      },
      isBase64Encoded: false,
    };
    try {
      await invoke('ws-disconnect', this.handlers['ws-disconnect'], event);
    } catch (error) {
      console.error('local websocket: $disconnect failed', error);
    }
  }

  private requestContext(
    routeKey: string,
    eventType: string,
    connectionId: string,
    connectedAt: Date,
    identity: { sourceIp: string; userAgent: string },
    authorizer: Record<string, unknown> | undefined,
  ) {
    const now = new Date();
    return {
      routeKey,
      eventType,
      extendedRequestId: randomUUID(),
      requestTime: now.toUTCString(),
      messageDirection: 'IN',
      stage: 'local',
      connectedAt: connectedAt.getTime(),
      requestTimeEpoch: now.getTime(),
      identity,
      requestId: randomUUID(),
      domainName: this.domainName(),
      connectionId,
      apiId: 'local',
      ...(authorizer ? { authorizer } : {}),
    };
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /**
   * Drops a connection the way a lost network can on AWS: the socket is gone and `$disconnect` never runs,
   * so the connections table still lists it until a delivery gets 410 (or its TTL passes).
   */
  vanish(connectionId: string): boolean {
    const connection = this.registry.get(connectionId);
    if (!connection) return false;
    this.vanished.add(connectionId);
    connection.socket.terminate();
    return true;
  }

  /** Closes every connection (1001) and waits for the `$disconnect` handlers and other work in flight. */
  async close(): Promise<void> {
    for (const connection of this.registry.all()) connection.socket.close(1001, 'Going away');
    const deadline = Date.now() + 5000;
    while (this.registry.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const connection of this.registry.all()) connection.socket.terminate();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.server.close();
  }
}

function identityOf(connection: LiveConnection) {
  return { sourceIp: connection.sourceIp, userAgent: connection.userAgent };
}

function multiValue(values: Record<string, string> | undefined): Record<string, string[]> | undefined {
  return values && Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [value]]));
}

function refuse(socket: Duplex, refusal: RefusedUpgrade): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ message: refusal.reason });
  const statusText = { 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error' }[refusal.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${refusal.status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
