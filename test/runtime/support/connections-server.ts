import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One post the server answered 200. */
export interface Delivery {
  connectionId: string;
  data: string;
}

/**
 * A loopback HTTP server answering like API Gateway's management API as the real
 * `ApiGatewayManagementApiClient` calls it: `POST /@connections/{id}` is 200 for an open connection and
 * 410 `GoneException` for any other; `throttle(id, n)` answers the next n posts to `id` with 429, and
 * `fail(id, n)` with 500.
 */
export class ConnectionsServer {
  readonly deliveries: Delivery[] = [];
  /** Every post, answered or not, in arrival order. */
  readonly attempts: string[] = [];
  private readonly open = new Set<string>();
  private readonly refusals = new Map<string, { times: number; status: number; type: string }>();
  private readonly server = createServer((request, response) => void this.handle(request, response));
  endpoint = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  connect(...connectionIds: string[]): void {
    for (const id of connectionIds) this.open.add(id);
  }

  disconnect(connectionId: string): void {
    this.open.delete(connectionId);
  }

  throttle(connectionId: string, times: number): void {
    this.refusals.set(connectionId, { times, status: 429, type: 'LimitExceededException' });
  }

  fail(connectionId: string, times: number): void {
    this.refusals.set(connectionId, { times, status: 500, type: 'InternalServerErrorException' });
  }

  /** What `connectionId` received, parsed. */
  received(connectionId: string): unknown[] {
    return this.deliveries.filter((delivery) => delivery.connectionId === connectionId).map((delivery) => JSON.parse(delivery.data));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const match = /^\/@connections\/([^/]+)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return this.answer(response, 403, 'ForbiddenException');
    const connectionId = decodeURIComponent(match[1]);
    this.attempts.push(connectionId);
    const refusal = this.refusals.get(connectionId);
    if (refusal && refusal.times > 0) {
      refusal.times--;
      return this.answer(response, refusal.status, refusal.type);
    }
    if (!this.open.has(connectionId)) return this.answer(response, 410, 'GoneException');
    this.deliveries.push({ connectionId, data: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(200).end();
  }

  private answer(response: ServerResponse, status: number, type: string): void {
    response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
    response.end(JSON.stringify({ message: type }));
  }
}
