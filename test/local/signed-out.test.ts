import { WebSocket } from 'ws';
import { ApiError, ConnectionState, GroupChatClient, RealtimeConnection } from '../../src/client';
import type { LocalRuntime } from '../../src/local';
import { startRuntime, tokenFor } from './harness';

/** The SDK against the local runtime with a token it refuses (as after a restart with another signing key). */
describe('a refused token', () => {
  let runtime: LocalRuntime;
  let refused: string;
  beforeAll(async () => {
    runtime = await startRuntime();
    const token = await tokenFor(runtime, { sub: 'refused', email: 'refused@example.com', name: 'Refused' });
    refused = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.from('not the signature').toString('base64url')}`;
  });
  afterAll(() => runtime.stop());

  it('REST: API Gateway\'s {"message":"Unauthorized"} becomes ApiError unauthorized, and onUnauthorized hears of it', async () => {
    const heard: ApiError[] = [];
    const api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => refused, onUnauthorized: (error) => heard.push(error) });
    await expect(api.getMe()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(heard).toEqual([expect.objectContaining({ code: 'unauthorized' })]);
  });

  it('WebSocket: the connection asks checkToken, then closes for good and reports unauthorized instead of reconnecting', async () => {
    let attempts = 0;
    class CountingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        attempts++;
      }
    }
    const api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => refused });
    const errors: unknown[] = [];
    const states: ConnectionState[] = [];
    const realtime = new RealtimeConnection({
      url: runtime.config.webSocketUrl,
      getToken: () => refused,
      fetchEvents: (groupId, afterSeq) => api.listEvents(groupId, afterSeq),
      checkToken: () => api.getMe(),
      WebSocket: CountingWebSocket,
      backoff: { initialMs: 10, maxMs: 20 },
    });
    realtime.onError((error) => errors.push(error));
    realtime.onStateChange((state) => states.push(state));
    const deadline = Date.now() + 10_000;
    while (realtime.state !== 'closed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(realtime.state).toBe('closed');
    expect(states).not.toContain('open');
    expect(attempts).toBe(1);
    expect(errors.at(-1)).toMatchObject({ code: 'unauthorized' });
  });
});
