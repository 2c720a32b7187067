import { IncomingMessage, Server, ServerResponse } from 'node:http';
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

/** Sends each request of the server to the part that owns its path. */
export function routeGateway(server: Server, routes: GatewayRoutes): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    dispatch(request, response, routes).catch((error) => {
      console.error('local gateway: request failed', error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WEBSOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => undefined);
    routes.webSocketApi.handleUpgrade(request, socket, head, url);
  });
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
