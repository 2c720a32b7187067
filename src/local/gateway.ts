import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { CONNECTIONS_PATH, ConnectionsEndpoint } from './connections-endpoint';
import { API_BASE_PATH, LocalHttpApi } from './http-api';
import { corsHeaders, sendJson, sendText } from './http-io';
import { AUTH_BASE_PATH, DevIdentityProvider } from './identity-provider';
import { serveStatic } from './static-files';
import { LocalWebSocketApi } from './websocket-api';

/** The WebSocket API's path under the gateway's origin. */
export const WEBSOCKET_PATH = '/ws';

/** What a client needs to talk to this deployment: served at `/config.json`. */
export interface ClientConfig {
  apiUrl: string;
  webSocketUrl: string;
  auth: {
    issuer: string;
    clientId: string;
    authorizeUrl: string;
    tokenUrl: string;
    logoutUrl: string;
    jwksUri: string;
  };
}

/** The parts the gateway routes to. */
export interface GatewayRoutes {
  httpApi: LocalHttpApi;
  webSocketApi: LocalWebSocketApi;
  connections: ConnectionsEndpoint;
  identityProvider: DevIdentityProvider;
  clientConfig: ClientConfig;
  /** The web client's build folder. */
  webClientDir: string;
}

/** How long a client told to come back (503 while booting) should wait. */
const BOOT_RETRY_AFTER_SECONDS = 2;

/** The port is taken: the message says which and what to do. */
export class PortInUseError extends Error {}

/**
 * The gateway's HTTP server. It listens as soon as it is opened and, until {@link LocalGateway.serve} gets its
 * routes, answers every request and WebSocket upgrade with 503 `unavailable` and `Retry-After`: nothing
 * waits for a runtime that is still booting.
 */
export class LocalGateway {
  private routes: GatewayRoutes | undefined;

  private constructor(
    readonly server: Server,
    /** The origin, e.g. `http://127.0.0.1:3000`. */
    readonly url: string,
    /** `host:port` as clients reach it. */
    readonly authority: string,
  ) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.routes) return booting(request, response);
      dispatch(request, response, this.routes).catch((error) => {
        console.error('local gateway: request failed', error);
        if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
        else response.destroy();
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => undefined);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== WEBSOCKET_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      if (!this.routes) {
        const body = JSON.stringify(BOOTING_BODY);
        socket.end(
          `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${BOOT_RETRY_AFTER_SECONDS}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      this.routes.webSocketApi.handleUpgrade(request, socket, head, url);
    });
  }

  /** Listens on `host:port` (0: any free port); throws {@link PortInUseError} when the port is taken. */
  static async open(options: { port?: number; host?: string } = {}): Promise<LocalGateway> {
    const server = createServer();
    server.keepAliveTimeout = 65_000;
    const listenHost = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new PortInUseError(`Port ${options.port} on ${listenHost} is in use (another npm start?): stop what uses it, or pick another port with PORT=8080 npm start.`)
            : error,
        ),
      );
      server.listen(options.port ?? 0, listenHost, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = listenHost !== '0.0.0.0' && listenHost !== '::' ? listenHost : '127.0.0.1';
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new LocalGateway(server, `http://${authority}`, authority);
  }

  /** From now on, sends each request to the part that owns its path. */
  serve(routes: GatewayRoutes): void {
    this.routes = routes;
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const BOOTING_BODY = {
  error: { code: 'unavailable', message: 'The local group chat is starting (Neo4j, then the handlers): try again in a few seconds.' },
};

/** The answer while the runtime boots: a page that reloads itself for browsers, the contract's error for the rest. */
function booting(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const headers = { 'retry-after': String(BOOT_RETRY_AFTER_SECONDS), 'cache-control': 'no-store', ...corsHeaders(request) };
  if (request.method === 'GET' && request.headers.accept?.includes('text/html')) {
    return sendText(
      response,
      503,
      'text/html; charset=utf-8',
      `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="${BOOT_RETRY_AFTER_SECONDS}">` +
        '<title>Starting…</title><p>The local group chat is starting; this page reloads by itself.</p>\n',
      headers,
    );
  }
  sendJson(response, 503, BOOTING_BODY, headers);
}

async function dispatch(request: IncomingMessage, response: ServerResponse, routes: GatewayRoutes): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === API_BASE_PATH || path.startsWith(`${API_BASE_PATH}/`)) return routes.httpApi.handle(request, response, url);
  if (path.startsWith(CONNECTIONS_PATH)) return routes.connections.handle(request, response, path);
  if (path.startsWith(`${AUTH_BASE_PATH}/`)) {
    return routes.identityProvider.handle(request, response, path.slice(AUTH_BASE_PATH.length), url.searchParams);
  }
  if (path === '/config.json' && (request.method === 'GET' || request.method === 'HEAD')) {
    return sendJson(response, 200, routes.clientConfig, { 'cache-control': 'no-store', ...corsHeaders(request) });
  }
  if (request.method === 'GET' && (await serveStatic(routes.webClientDir, path, response))) return;
  if (path === '/' && request.method === 'GET') {
    return sendText(
      response,
      200,
      'text/plain; charset=utf-8',
      `The local group chat is running, but the web client is not built (${routes.webClientDir} has no index.html).\n` +
        `The API is at ${routes.clientConfig.apiUrl}, the WebSocket at ${routes.clientConfig.webSocketUrl}, the settings at /config.json.\n`,
    );
  }
  sendJson(response, 404, { message: 'Not Found' });
}
