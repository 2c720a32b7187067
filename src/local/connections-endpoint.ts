import { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectionRegistry, WEBSOCKET_LIMITS } from './connection-registry';
import { BodyTooLargeError, readBody, sendJson } from './http-io';

/** Where the management API lives under the gateway's origin: the `WEBSOCKET_MANAGEMENT_ENDPOINT` path. */
export const CONNECTIONS_PATH = '/@connections/';

/** Options of {@link ConnectionsEndpoint}. */
export interface ConnectionsEndpointOptions {
  /**
   * Added to every call before it is answered: a model of the network round trip to API Gateway.
   * @default 0
   */
  latencyMs?: number;
  /**
   * Up to this much more, at random, per call: API Gateway's latency varies, so posts of concurrent fan-outs
   * overtake one another and neighbouring events can reach a client swapped.
   * @default 0
   */
  jitterMs?: number;
}

const awsError = (response: ServerResponse, status: number, type: string, message: string) =>
  sendJson(response, status, { message }, { 'x-amzn-errortype': type });

/**
 * The API Gateway Management API (`POST`, `GET`, `DELETE /@connections/{connectionId}`) as the real
 * `@aws-sdk/client-apigatewaymanagementapi` client calls it. Unknown and closed connections are
 * 410 `GoneException`; data over 128 KB is 413 `PayloadTooLargeException`. Request signatures are not checked.
 */
export class ConnectionsEndpoint {
  /** Number of calls answered, by method: the benchmark reads it. */
  readonly calls = { POST: 0, GET: 0, DELETE: 0 };
  latencyMs: number;
  jitterMs: number;

  constructor(
    private readonly registry: ConnectionRegistry,
    options: ConnectionsEndpointOptions = {},
  ) {
    this.latencyMs = options.latencyMs ?? 0;
    this.jitterMs = options.jitterMs ?? 0;
  }

  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const encodedId = path.slice(CONNECTIONS_PATH.length);
    const method = request.method ?? 'GET';
    if (!encodedId || encodedId.includes('/') || !(method === 'POST' || method === 'GET' || method === 'DELETE')) {
      return awsError(response, 403, 'ForbiddenException', 'Forbidden');
    }
    const id = decodeURIComponent(encodedId);
    let data: Buffer | undefined;
    if (method === 'POST') {
      try {
        data = await readBody(request, WEBSOCKET_LIMITS.messageBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return awsError(response, 413, 'PayloadTooLargeException', `Message too long: the limit is ${WEBSOCKET_LIMITS.messageBytes} bytes`);
      }
    } else {
      request.resume();
    }
    const wait = this.latencyMs + Math.random() * this.jitterMs;
    if (wait > 0) await delay(wait);
    this.calls[method]++;

    const connection = this.registry.get(id);
    if (!connection) return awsError(response, 410, 'GoneException', `Connection ${id} is gone`);
    switch (method) {
      case 'POST':
        try {
          await this.registry.send(connection, data!);
        } catch {
          return awsError(response, 410, 'GoneException', `Connection ${id} is gone`);
        }
        response.writeHead(200, { 'content-length': '0' });
        return void response.end();
      case 'GET':
        return sendJson(response, 200, {
          connectedAt: connection.connectedAt.toISOString(),
          lastActiveAt: connection.lastActiveAt.toISOString(),
          identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
        });
      case 'DELETE':
        connection.socket.close(1000, 'Deleted by the @connections API');
        response.writeHead(204);
        return void response.end();
    }
  }
}
