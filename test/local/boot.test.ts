import { WebSocket } from 'ws';
import { LocalGateway, LocalRuntime, startLocalRuntime } from '../../src/local';
import { InvocationTimeoutError, invoke } from '../../src/local/lambda-invoke';

/** The answer to one request, or the reason there was none within 10 s. */
async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
}

/** The status line a WebSocket upgrade gets (101 once open), or the reason there was none within 10 s. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error(`no answer to the upgrade of ${url}`)), 10_000);
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(101);
      socket.close();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('the gateway while the runtime boots', () => {
  let runtime: LocalRuntime | undefined;
  afterAll(() => runtime?.stop());

  it('answers every request and upgrade: 503 unavailable with Retry-After until ready, then the real answer', async () => {
    const gateway = await LocalGateway.open();
    const requests = (url: string) => [
      answer(`${url}/config.json`),
      answer(`${url}/api/groups`, { headers: { authorization: 'Bearer x' } }),
      answer(`${url}/api/groups`, { method: 'POST', body: '{"name":"early"}', headers: { 'content-type': 'application/json' } }),
      answer(`${url}/_local/auth/token`, { method: 'POST', body: '{"sub":"early","email":"e@example.com","name":"E"}' }),
      answer(`${url}/`, { headers: { accept: 'text/html' } }),
    ];

    const early = await Promise.all(requests(gateway.url));
    for (const reply of early) {
      expect(reply).toMatchObject({ status: 503, retryAfter: '2' });
    }
    expect(JSON.parse(early[0]!.body)).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/starting/) } });
    expect(early[4]!.body).toMatch(/<meta http-equiv="refresh"/);
    expect(await upgradeStatus(`${gateway.url.replace('http', 'ws')}/ws?token=x`)).toBe(503);

    // Requests made while the runtime starts are answered too, whichever side of "ready" they fall on.
    const starting = startLocalRuntime({ gateway, neo4jUri: process.env.NEO4J_URI });
    const during = await Promise.all([...requests(gateway.url), upgradeStatus(`${gateway.url.replace('http', 'ws')}/ws?token=x`)]);
    runtime = await starting;
    for (const reply of during.slice(0, -1)) expect([200, 401, 503]).toContain((reply as { status: number }).status);
    expect([401, 503]).toContain(during.at(-1));

    const ready = await Promise.all(requests(gateway.url));
    expect(ready.map((reply) => reply.status)).toEqual([200, 401, 401, 200, 200]);
    expect(await upgradeStatus(`${gateway.url.replace('http', 'ws')}/ws?token=x`)).toBe(401);
  });
});

describe('handler invocations', () => {
  it('give up at their timeout, like Lambda, instead of waiting for a handler that never answers', async () => {
    const never = () => new Promise<never>(() => {});
    await expect(invoke('api', never, {}, 50)).rejects.toBeInstanceOf(InvocationTimeoutError);
  });
});
