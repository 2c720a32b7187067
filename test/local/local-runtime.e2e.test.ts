import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { ApiError, GroupChatClient } from '../../src/client';
import type { ApplicationEvent, GroupEvent, Message, PushedEvent } from '../../src/client';
import type { LocalRuntime } from '../../src/local';
import { TestUser, connectionIdsOf, signIn, startRuntime, tokenFor } from './harness';

type MessageCreated = Extract<GroupEvent, { type: 'message.created' }>;
const isMessage = (id: string) => (event: PushedEvent): event is MessageCreated =>
  event.type === 'message.created' && event.message.id === id;
const messagesIn = (user: TestUser, groupId: string) =>
  user.events.filter((event): event is MessageCreated => event.type === 'message.created' && event.groupId === groupId);

/** The connections table's items that mention a connection id. */
async function tableItemsOf(runtime: LocalRuntime, connectionId: string): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: runtime.dynamoDb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: runtime.dynamoDb.connectionsTable }));
    return Items.filter((item) => JSON.stringify(item).includes(connectionId)).length;
  } finally {
    client.destroy();
  }
}

/** Opens a raw WebSocket; resolves with the HTTP status when the upgrade is refused, or 101. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => undefined);
  });
}

describe('the local runtime end to end, through the client SDK', () => {
  let runtime: LocalRuntime;
  let a: TestUser;
  let b: TestUser;
  let groupId: string;
  const marker = randomUUID().slice(0, 8);

  beforeAll(async () => {
    runtime = await startRuntime();
    a = await signIn(runtime, 'Alice');
    b = await signIn(runtime, 'Bob');
  });
  afterAll(async () => {
    a?.realtime.close();
    b?.realtime.close();
    await runtime?.stop();
  });

  it('A creates a group; B finds it by search and applies; A receives application.created live', async () => {
    const group = await a.api.createGroup({ name: `Hikers ${marker}`, description: 'Weekend walks', discoverable: true });
    groupId = group.id;
    expect(group).toMatchObject({ role: 'owner', memberCount: 1 });
    a.realtime.follow(groupId, group.seq);

    const found = await b.api.searchGroups(marker);
    expect(found.map((summary) => summary.id)).toEqual([groupId]);
    const application = await b.api.apply(groupId, { message: 'Can I join?' });
    expect(application.status).toBe('pending');

    const created = await a.waitForEvent((event) => event.type === 'application.created' && event.groupId === groupId);
    expect((created as ApplicationEvent).application).toMatchObject({ id: application.id, applicant: { id: b.sub }, message: 'Can I join?' });
    expect(b.events.filter((event) => event.type === 'application.created')).toEqual([]);
  });

  it('A approves; B receives application.approved and both see member.joined', async () => {
    await a.api.approve(groupId, b.sub);
    const approved = await b.waitForEvent((event) => event.type === 'application.approved' && event.groupId === groupId);
    expect((approved as ApplicationEvent).application.status).toBe('approved');
    for (const user of [a, b]) {
      const joined = await user.waitForEvent((event) => event.type === 'member.joined' && event.groupId === groupId);
      expect(joined).toMatchObject({ member: { user: { id: b.sub }, role: 'member' } });
    }
    expect((await b.api.listMembers(groupId)).map((member) => member.user.id).sort()).toEqual([a.sub, b.sub].sort());
  });

  it('A posts and B receives message.created with the next seq; B replies in a thread and A receives it', async () => {
    const seqBefore = b.realtime.seqOf(groupId)!;
    expect(seqBefore).toBeGreaterThan(0);
    const posted = await a.api.postMessage(groupId, { id: randomUUID(), body: 'Hello Bob' });
    const received = await b.waitForEvent(isMessage(posted.id));
    expect(received.seq).toBe(seqBefore + 1);
    expect(received.message).toMatchObject({ body: 'Hello Bob', authorId: a.sub, parentId: null });

    const reply: Message = await b.realtime.sendMessage(groupId, { id: randomUUID(), body: 'Hi Alice', parentId: posted.id });
    expect(reply).toMatchObject({ parentId: posted.id, position: 1, authorId: b.sub });
    const live = await a.waitForEvent(isMessage(reply.id));
    expect(live.message.parentId).toBe(posted.id);
    const replies = await a.api.listReplies(groupId, posted.id);
    expect(replies.items.map((message) => message.id)).toEqual([reply.id]);
    // Posting the same id again returns the stored message and pushes nothing new.
    expect((await a.api.postMessage(groupId, { id: posted.id, body: 'Hello Bob' })).seq).toBe(posted.seq);
  });

  it("B's socket drops; messages posted meanwhile arrive by catch-up, exactly once and in order", async () => {
    const [connectionId] = connectionIdsOf(runtime, b.sub);
    expect(connectionId).toBeDefined();
    b.gate.blocked = true;
    runtime.registry.get(connectionId!)!.socket.terminate();
    await b.waitForState('reconnecting');

    const missed: Message[] = [];
    for (const body of ['one', 'two', 'three']) missed.push(await a.api.postMessage(groupId, { id: randomUUID(), body }));
    await runtime.topic.drain();
    for (const message of missed) expect(b.events.some(isMessage(message.id))).toBe(false);

    b.gate.blocked = false;
    await b.waitForState('open');
    await b.waitForEvent(isMessage(missed[2]!.id));
    const after = await a.api.postMessage(groupId, { id: randomUUID(), body: 'four' });
    await b.waitForEvent(isMessage(after.id));
    await runtime.topic.drain();

    const ids = messagesIn(b, groupId).map((event) => event.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seqs = messagesIn(b, groupId).map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    for (const message of [...missed, after]) expect(ids.filter((id) => id === message.id)).toHaveLength(1);
  });

  it('A removes B: B gets nothing more on its socket', async () => {
    await a.api.removeMember(groupId, b.sub);
    await runtime.topic.drain();
    const framesBefore = b.frames.length;
    const secret = await a.api.postMessage(groupId, { id: randomUUID(), body: `after-removal-${marker}` });
    await a.waitForEvent(isMessage(secret.id));
    await runtime.topic.drain();
    expect(b.frames.slice(framesBefore)).toEqual([]);
    expect(b.frames.some((frame) => frame.includes(`after-removal-${marker}`))).toBe(false);
    await expect(b.api.listMessages(groupId)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a socket that vanishes without a close is cleaned up on the next delivery (410)', async () => {
    const extra = await signIn(runtime, 'Vanishing');
    const group = await a.api.createGroup({ name: `Vanish ${marker}` });
    await extra.api.apply(group.id);
    await a.api.approve(group.id, extra.sub);
    await extra.waitForEvent((event) => event.type === 'member.joined' && event.groupId === group.id);
    const [connectionId] = connectionIdsOf(runtime, extra.sub);
    extra.realtime.close();
    // Closing through the SDK runs $disconnect; make a second connection vanish instead.
    const token = await tokenFor(runtime, { sub: extra.sub, email: `${extra.sub}@example.com`, name: 'Vanishing' });
    const raw = new WebSocket(`${runtime.config.webSocketUrl}?token=${token}`);
    await new Promise((resolve) => raw.once('open', resolve));
    raw.on('error', () => undefined);
    const vanishing = connectionIdsOf(runtime, extra.sub).find((id) => id !== connectionId)!;
    expect(await tableItemsOf(runtime, vanishing)).toBeGreaterThan(0);

    expect(runtime.webSocketApi.vanish(vanishing)).toBe(true);
    expect(await tableItemsOf(runtime, vanishing)).toBeGreaterThan(0);
    const goneBefore = runtime.connections.calls.POST;
    await a.api.postMessage(group.id, { id: randomUUID(), body: 'anyone there?' });
    await runtime.topic.drain();
    expect(runtime.connections.calls.POST).toBeGreaterThan(goneBefore);
    expect(await tableItemsOf(runtime, vanishing)).toBe(0);
  });

  it('a bad token is refused at the WebSocket upgrade and on REST', async () => {
    const good = await tokenFor(runtime, { sub: `x-${randomUUID()}`, email: 'x@example.com', name: 'X' });
    const forged = `${good.slice(0, good.lastIndexOf('.'))}.${Buffer.from('nope').toString('base64url')}`;
    const expired = runtime.identityProvider.idToken({ sub: 'x', email: 'x@example.com', name: 'X' }, {}, -600);
    const wrongAudience = runtime.identityProvider.idToken({ sub: 'x', email: 'x@example.com', name: 'X' }, { aud: 'someone-else' });
    const wsUrl = runtime.config.webSocketUrl;

    expect(await upgradeStatus(`${wsUrl}?token=${good}`)).toBe(101);
    expect(await upgradeStatus(wsUrl)).toBe(401);
    for (const bad of [forged, expired, wrongAudience, 'not-a-jwt']) {
      expect([401, 403]).toContain(await upgradeStatus(`${wsUrl}?token=${encodeURIComponent(bad)}`));
    }
    for (const bad of [forged, expired, wrongAudience, '']) {
      const api = new GroupChatClient({ apiUrl: runtime.config.apiUrl, getToken: () => bad });
      const error = await api.getMe().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('unauthorized');
    }
  });

  it('serves /config.json with what a client needs', async () => {
    const config = await (await fetch(`${runtime.url}/config.json`)).json();
    expect(config).toEqual(runtime.config);
    expect(config).toMatchObject({ apiUrl: `${runtime.url}/api`, auth: { clientId: 'local-web-client' } });
  });
});

describe('the local WebSocket limits', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startRuntime({ idleTimeoutMs: 1200, maxConnectionMs: 4000 });
  });
  afterAll(() => runtime?.stop());

  async function rawSocket() {
    const token = await tokenFor(runtime, { sub: `raw-${randomUUID()}`, email: 'raw@example.com', name: 'Raw' });
    const socket = new WebSocket(`${runtime.config.webSocketUrl}?token=${token}`);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('open', resolve));
    return { socket, closed };
  }

  it('closes with 1009 on a frame over 32 KB or a message over 128 KB, and takes 100 KB in 32 KB frames', async () => {
    const bigFrame = await rawSocket();
    bigFrame.socket.send(JSON.stringify({ action: 'ping', pad: 'x'.repeat(33 * 1024) }));
    expect(await bigFrame.closed).toBe(1009);

    const bigMessage = await rawSocket();
    const chunk = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 4; i++) bigMessage.socket.send(chunk, { fin: false });
    bigMessage.socket.send('x', { fin: true });
    expect(await bigMessage.closed).toBe(1009);

    const fragmented = await rawSocket();
    const replies: string[] = [];
    fragmented.socket.on('message', (data) => replies.push(data.toString()));
    const text = JSON.stringify({ action: 'ping', pad: 'y'.repeat(100 * 1024) });
    for (let offset = 0; offset < text.length; offset += 32 * 1024) {
      fragmented.socket.send(text.slice(offset, offset + 32 * 1024), { fin: offset + 32 * 1024 >= text.length });
    }
    fragmented.socket.send(JSON.stringify({ action: 'ping' }));
    const deadline = Date.now() + 5000;
    while (!replies.some((reply) => reply.includes('pong')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fragmented.socket.readyState).toBe(WebSocket.OPEN);
    expect(replies.some((reply) => reply.includes('pong'))).toBe(true);
    fragmented.socket.close();
  });

  it('closes an idle socket (1001); the SDK pings to stay open and replaces its socket before the maximum age', async () => {
    const idle = await rawSocket();
    const started = Date.now();
    expect(await idle.closed).toBe(1001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    const user = await signIn(runtime, 'Pinger', { pingIntervalMs: 300, maxConnectionMs: 2500 });
    const firstConnection = connectionIdsOf(runtime, user.sub)[0];
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Still the same connection: the pings kept it past the 1.2 s idle timeout.
    expect(connectionIdsOf(runtime, user.sub)).toEqual([firstConnection]);
    expect(user.states).toEqual(['open']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await user.waitForState('open');
    // Replaced at 2.5 s, before the server's 4 s limit would have cut it.
    expect(connectionIdsOf(runtime, user.sub)).not.toContain(firstConnection);
    expect(user.states).toEqual(['open', 'reconnecting', 'open']);
    user.realtime.close();
  });
});
