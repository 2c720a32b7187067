import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ConnectionRegistry, newConnectionId } from '../../src/local/connection-registry';
import { CONNECTIONS_PATH, ConnectionsEndpoint } from '../../src/local/connections-endpoint';

/** The @connections endpoint and a WebSocket server whose sockets it knows, on one loopback port. */
async function startEndpoint() {
  const registry = new ConnectionRegistry();
  const endpoint = new ConnectionsEndpoint(registry);
  const server: Server = createServer((request, response) => {
    void endpoint.handle(request, response, new URL(request.url!, 'http://x').pathname);
  });
  const wss = new WebSocketServer({ server });
  const ids: string[] = [];
  wss.on('connection', (socket) => {
    const id = newConnectionId();
    ids.push(id);
    registry.add({ id, socket, connectedAt: new Date(), lastActiveAt: new Date(), sourceIp: '127.0.0.1', userAgent: 'test', authorizer: {} });
    socket.on('close', () => registry.remove(id));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new ApiGatewayManagementApiClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const connect = async () => {
    const socket = new WebSocket(url.replace('http', 'ws'));
    const received: string[] = [];
    socket.on('message', (data) => received.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    while (ids.length < registry.size || !registry.get(ids[ids.length - 1]!)) await new Promise((r) => setTimeout(r, 5));
    return { socket, received, id: ids[ids.length - 1]! };
  };
  const stop = async () => {
    client.destroy();
    wss.clients.forEach((socket) => socket.terminate());
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { endpoint, client, connect, stop, url };
}

const waitFor = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the local @connections endpoint, through the real ApiGatewayManagementApiClient', () => {
  let env: Awaited<ReturnType<typeof startEndpoint>>;
  beforeAll(async () => {
    env = await startEndpoint();
  });
  afterAll(() => env.stop());

  it('delivers a post to the open connection it names, and only to it', async () => {
    const a = await env.connect();
    const b = await env.connect();
    await env.client.send(new PostToConnectionCommand({ ConnectionId: a.id, Data: Buffer.from('{"hello":1}') }));
    await waitFor(() => a.received.length === 1);
    expect(a.received).toEqual(['{"hello":1}']);
    expect(b.received).toEqual([]);
    a.socket.close();
    b.socket.close();
  });

  it('answers 410 GoneException for an unknown id and for a closed connection', async () => {
    const unknown = await env.client.send(new PostToConnectionCommand({ ConnectionId: 'bm90LWEtY29ubg=', Data: Buffer.from('x') })).catch((e) => e);
    expect(unknown.name).toBe('GoneException');
    expect(unknown.$metadata.httpStatusCode).toBe(410);

    const a = await env.connect();
    a.socket.close();
    await new Promise((resolve) => a.socket.once('close', resolve));
    const closed = await env.client.send(new PostToConnectionCommand({ ConnectionId: a.id, Data: Buffer.from('x') })).catch((e) => e);
    expect(closed.name).toBe('GoneException');
  });

  it('describes a connection (GET) and closes it (DELETE)', async () => {
    const a = await env.connect();
    const info = await env.client.send(new GetConnectionCommand({ ConnectionId: a.id }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    const closed = new Promise<number>((resolve) => a.socket.once('close', (code) => resolve(code)));
    await env.client.send(new DeleteConnectionCommand({ ConnectionId: a.id }));
    expect(await closed).toBe(1000);
    const gone = await env.client.send(new GetConnectionCommand({ ConnectionId: a.id })).catch((e) => e);
    expect(gone.name).toBe('GoneException');
  });

  it('sends a 100 KB message whole (in 32 KB frames) and refuses more than 128 KB with 413', async () => {
    const a = await env.connect();
    const big = 'x'.repeat(100 * 1024);
    await env.client.send(new PostToConnectionCommand({ ConnectionId: a.id, Data: Buffer.from(big) }));
    await waitFor(() => a.received.length === 1);
    expect(a.received[0]).toBe(big);
    const tooBig = await env.client
      .send(new PostToConnectionCommand({ ConnectionId: a.id, Data: Buffer.alloc(128 * 1024 + 1, 120) }))
      .catch((e) => e);
    expect(tooBig.$metadata.httpStatusCode).toBe(413);
    expect(tooBig.name).toBe('PayloadTooLargeException');
    a.socket.close();
  });

  it('adds the configured latency to every call', async () => {
    const a = await env.connect();
    env.endpoint.latencyMs = 50;
    try {
      const started = performance.now();
      await env.client.send(new PostToConnectionCommand({ ConnectionId: a.id, Data: Buffer.from('x') }));
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    } finally {
      env.endpoint.latencyMs = 0;
      a.socket.close();
    }
  });

  it('refuses other paths and methods like API Gateway', async () => {
    const response = await fetch(`${env.url}${CONNECTIONS_PATH}`, { method: 'PUT' });
    expect(response.status).toBe(403);
  });
});
