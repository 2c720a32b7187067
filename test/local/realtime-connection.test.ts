import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ApiError, ConnectionState, RealtimeConnection } from '../../src/client';

/** A WebSocket server whose behaviour each test sets: answer pings or stay silent, refuse upgrades. */
async function startServer() {
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const behaviour = {
    answerPings: true,
    refuse: 0,
    tokens: [] as string[],
    connections: 0,
    /** What the server answers a `sendMessage` frame with (nothing when undefined). */
    answerSend: undefined as ((frame: { id: string; groupId: string }) => unknown) | undefined,
  };
  server.on('upgrade', (request, socket, head) => {
    behaviour.tokens.push(new URL(request.url!, 'http://x').searchParams.get('token') ?? '');
    if (behaviour.refuse > 0) {
      behaviour.refuse--;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      behaviour.connections++;
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (behaviour.answerPings && frame.action === 'ping') ws.send('{"type":"pong"}');
        if (frame.action === 'sendMessage' && behaviour.answerSend) ws.send(JSON.stringify(behaviour.answerSend(frame)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  const stop = async () => {
    wss.clients.forEach((client) => client.terminate());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, behaviour, stop, wss };
}

const waitUntil = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('RealtimeConnection', () => {
  let env: Awaited<ReturnType<typeof startServer>>;
  let connection: RealtimeConnection | undefined;
  beforeEach(async () => {
    env = await startServer();
  });
  afterEach(async () => {
    connection?.close();
    await env.stop();
  });

  function open(options: Partial<ConstructorParameters<typeof RealtimeConnection>[0]> = {}) {
    let token = 0;
    const states: ConnectionState[] = [];
    const errors: unknown[] = [];
    connection = new RealtimeConnection({
      url: env.url,
      getToken: () => `token-${++token}`,
      fetchEvents: async () => ({ items: [], hasMore: false, latestSeq: 0 }),
      WebSocket,
      backoff: { initialMs: 20, maxMs: 80 },
      ...options,
    });
    connection.onStateChange((state) => states.push(state));
    connection.onError((error) => errors.push(error));
    return { connection, states, errors };
  }

  it('retries a refused upgrade with backoff and a fresh token, then opens', async () => {
    env.behaviour.refuse = 2;
    const { connection: live, states, errors } = open();
    await waitUntil(() => live.state === 'open');
    expect(env.behaviour.tokens).toEqual(['token-1', 'token-2', 'token-3']);
    expect(states).toEqual(['reconnecting', 'open']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(ApiError);
  });

  it('keeps a socket that answers its pings', async () => {
    const { connection: live, states } = open({ pingIntervalMs: 50, pongTimeoutMs: 100 });
    await waitUntil(() => live.state === 'open');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(states).toEqual(['open']);
    expect(env.behaviour.connections).toBe(1);
  });

  it('replaces a socket that stops answering (a dead connection)', async () => {
    env.behaviour.answerPings = false;
    const { connection: live, states } = open({ pingIntervalMs: 50, pongTimeoutMs: 100 });
    await waitUntil(() => env.behaviour.connections >= 2 && live.state === 'open');
    expect(states.slice(0, 3)).toEqual(['open', 'reconnecting', 'open']);
  });

  it('reconnects when the server closes the socket, and stays closed after close()', async () => {
    const { connection: live, states } = open();
    await waitUntil(() => live.state === 'open');
    env.wss.clients.forEach((client) => client.close(1001, 'Going away'));
    await waitUntil(() => env.behaviour.connections === 2 && live.state === 'open');
    live.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(env.behaviour.connections).toBe(2);
    expect(states).toEqual(['open', 'reconnecting', 'open', 'closed']);
  });

  it('starts the backoff again from its first delay once a socket has opened', async () => {
    env.behaviour.refuse = 3;
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      // No jitter: the delays are exactly 15, 30, 60, 120… ms (half of 30 × 2^attempt).
      const { connection: live, states } = open({ backoff: { initialMs: 30, maxMs: 10_000 }, random: () => 0 });
      await waitUntil(() => live.state === 'open');
      expect(timers.mock.calls.map(([, delay]) => delay)).toEqual(expect.arrayContaining([15, 30, 60]));
      timers.mockClear();
      env.wss.clients.forEach((client) => client.close(1001, 'Going away'));
      await waitUntil(() => states.filter((state) => state === 'open').length === 2);
      const delays = timers.mock.calls.map(([, delay]) => delay);
      expect(delays).toContain(15);
      expect(delays).not.toContain(120);
    } finally {
      timers.mockRestore();
    }
  });

  it('suspend() closes the socket and stays away until resume(), which connects at once and catches up', async () => {
    const caughtUp: number[] = [];
    const { connection: live, states } = open({
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      fetchEvents: async (_groupId, afterSeq) => {
        caughtUp.push(afterSeq);
        return { items: [], hasMore: false, latestSeq: afterSeq };
      },
    });
    live.follow('group-1', 7);
    await waitUntil(() => live.state === 'open');
    const send = live.sendMessage('group-1', { id: 'message-1', body: 'hi' });
    live.suspend();
    await expect(send).rejects.toMatchObject({ code: 'unavailable' });
    await waitUntil(() => env.wss.clients.size === 0);
    live.suspend();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(env.behaviour.connections).toBe(1);
    caughtUp.length = 0;
    live.resume(); // no backoff wait (it would be a minute here)
    await waitUntil(() => live.state === 'open' && caughtUp.length > 0);
    expect(caughtUp).toEqual([7]);
    expect(env.behaviour.connections).toBe(2);
    expect(states).toEqual(['open', 'suspended', 'connecting', 'open']);
  });

  it('resume() while reconnecting skips the wait before the next attempt; it does nothing while open', async () => {
    env.behaviour.refuse = 1;
    const { connection: live, states } = open({ backoff: { initialMs: 60_000, maxMs: 60_000 } });
    await waitUntil(() => live.state === 'reconnecting');
    live.resume();
    await waitUntil(() => live.state === 'open');
    live.resume();
    expect(env.behaviour.connections).toBe(1);
    expect(states).toEqual(['reconnecting', 'connecting', 'open']);
  });

  it("rejects a send with the server's code when an error reply carries its id", async () => {
    const { connection: live } = open({ ackTimeoutMs: 2000 });
    await waitUntil(() => live.state === 'open');
    for (const code of ['forbidden', 'payload_too_large', 'rate_limited'] as const) {
      env.behaviour.answerSend = (frame) => ({ type: 'error', id: frame.id, error: { code, message: `refused: ${code}` } });
      const sent = live.sendMessage('g', { id: `m-${code}`, body: 'x' });
      await expect(sent).rejects.toBeInstanceOf(ApiError);
      await expect(sent).rejects.toMatchObject({ code, message: `refused: ${code}` });
    }
    // An error reply for another send leaves this one pending until its own answer.
    env.behaviour.answerSend = (frame) => ({ type: 'error', id: 'someone-else', error: { code: 'forbidden', message: frame.id } });
    await expect(live.sendMessage('g', { id: 'm-other', body: 'x' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('refuses sendMessage while not open', async () => {
    env.behaviour.refuse = 100;
    const { connection: live } = open();
    await expect(live.sendMessage('g', { id: 'm', body: 'x' })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
