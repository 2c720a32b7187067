import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { WebSocketConstructor } from '../../src/client';
import { LocalRuntime, startLocalRuntime } from '../../src/local';
import { ChatSession, startChatSession } from '../../examples/chat-core/chat-session';
import type { ConnectionState } from '../../src/client';
import { approveApplication } from '../../examples/chat-core/applications-slice';
import { openGroup, sendMessage } from '../../examples/chat-core/chat-slice';
import { applyToGroup, createGroup } from '../../examples/chat-core/groups-slice';
import { ChatStore, CoreState, createChatStore } from '../../examples/chat-core/store';

/*
 * The SDK glue with the real SDK against the local runtime: the store built by `startChatSession` takes the
 * realtime connection's events and states, in Node with the `ws` package as the WebSocket.
 */

async function until<T>(session: ChatSession<ChatStore>, pick: (state: CoreState) => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = pick(session.store.getState());
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the store fed by the realtime connection (SDK glue)', () => {
  let runtime: LocalRuntime;
  const sessions: ChatSession<ChatStore>[] = [];
  const marker = randomUUID().slice(0, 8);

  /** Signs `name` in as a new user, or with `sub` as that user on another device. */
  async function signIn(name: string, sub = `${name.toLowerCase()}-${randomUUID()}`) {
    const response = await fetch(`${runtime.config.auth.issuer}/token`, {
      method: 'POST',
      body: JSON.stringify({ sub, email: `${sub}@example.com`, name }),
    });
    const { id_token: token } = (await response.json()) as { id_token: string };
    const session = startChatSession(runtime.config, () => token, sub, {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      newId: randomUUID,
    }, createChatStore);
    sessions.push(session);
    const states: ConnectionState[] = [];
    session.store.subscribe(() => {
      const state = session.store.getState().session.connection;
      if (states[states.length - 1] !== state) states.push(state);
    });
    await until(session, (state) => state.session.connection === 'open' && state.session.user && state.groups.status === 'ready', `${name} ready`);
    return { sub, session, states };
  }

  beforeAll(async () => {
    runtime = await startLocalRuntime({ neo4jUri: process.env.NEO4J_URI });
  });
  afterAll(async () => {
    sessions.forEach((session) => session.close());
    await runtime?.stop();
  });

  it('an approval reaches the applicant as a notice and the new group joins its list; messages flow both ways once; a dropped socket catches up without duplicates', async () => {
    const a = await signIn('Alice');
    const b = await signIn('Bob');
    expect(a.session.store.getState().session.user).toMatchObject({ id: a.sub, name: 'Alice' });

    const made = await a.session.store.dispatch(createGroup({ name: `Glue ${marker}`, description: '', discoverable: true }));
    if (!createGroup.fulfilled.match(made)) throw new Error(String(made.payload));
    const groupId = made.payload.id;
    await a.session.store.dispatch(openGroup(groupId));

    await b.session.store.dispatch(applyToGroup({ groupId, message: 'me too' }));
    const pending = await until(a.session, (state) => state.applications[groupId]?.pending[0], 'application.created at A');
    expect(pending.applicant.id).toBe(b.sub);

    await a.session.store.dispatch(approveApplication({ groupId, userId: b.sub }));
    await until(b.session, (state) => state.groups.mine.some((group) => group.id === groupId), 'the group in B\'s list');
    expect(b.session.store.getState().groups.notices).toEqual([expect.objectContaining({ kind: 'approved', groupId })]);
    expect(b.session.store.getState().groups.sent[groupId]?.status).toBe('approved');
    await until(a.session, (state) => state.chat[groupId]?.members[b.sub], 'member.joined at A');
    await b.session.store.dispatch(openGroup(groupId));

    await a.session.store.dispatch(sendMessage({ groupId, id: randomUUID(), body: 'one' }));
    await until(b.session, (state) => state.chat[groupId]?.messages.some((m) => m.body === 'one'), '"one" at B');
    await b.session.store.dispatch(sendMessage({ groupId, id: randomUUID(), body: 'two' }));
    await until(a.session, (state) => state.chat[groupId]?.messages.some((m) => m.body === 'two'), '"two" at A');

    // B's socket dies; A posts meanwhile; B comes back and catches up over REST.
    const bConnection = runtime.registry.all().find((connection) => Object.values(connection.authorizer).includes(b.sub))!;
    bConnection.socket.terminate();
    await until(b.session, (state) => state.session.connection === 'reconnecting', 'B reconnecting');
    for (const body of ['three', 'four', 'five']) await a.session.store.dispatch(sendMessage({ groupId, id: randomUUID(), body }));
    await until(b.session, (state) => state.chat[groupId]?.messages.some((m) => m.body === 'five'), '"five" at B');
    await new Promise((resolve) => setTimeout(resolve, 300)); // let any late live copy arrive
    const bodies = (session: ChatSession<ChatStore>) => session.store.getState().chat[groupId]!.messages.map((m) => m.body);
    expect(bodies(b.session)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(bodies(a.session)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(b.states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it("a group created or joined on one of the user's devices appears live in the list of the other, followed", async () => {
    const carol = await signIn('Carol');
    const carolElsewhere = await signIn('Carol', carol.sub);
    const made = await carol.session.store.dispatch(createGroup({ name: `Two devices ${marker}`, description: '', discoverable: true }));
    if (!createGroup.fulfilled.match(made)) throw new Error(String(made.payload));
    const groupId = made.payload.id;
    const listed = await until(carolElsewhere.session, (state) => state.groups.mine.find((group) => group.id === groupId), 'the new group on the other device');
    expect(listed).toMatchObject({ name: `Two devices ${marker}`, role: 'owner', unreadCount: 0 });

    // Dan applies on one device and is approved: his other device lists the group too, and gets its messages.
    const dan = await signIn('Dan');
    const danElsewhere = await signIn('Dan', dan.sub);
    await dan.session.store.dispatch(applyToGroup({ groupId, message: '' }));
    await until(carolElsewhere.session, (state) => state.applications[groupId]?.pending.some((a) => a.applicant.id === dan.sub), 'the application on the other device');
    await carol.session.store.dispatch(approveApplication({ groupId, userId: dan.sub }));
    await until(danElsewhere.session, (state) => state.groups.mine.some((group) => group.id === groupId), "the group on Dan's other device");
    await until(carolElsewhere.session, (state) => state.applications[groupId]?.pending.length === 0, 'the decided application gone on the other device');

    await carol.session.store.dispatch(sendMessage({ groupId, id: randomUUID(), body: 'welcome' }));
    for (const device of [danElsewhere, carolElsewhere]) {
      await until(device.session, (state) => state.groups.mine.find((group) => group.id === groupId)?.lastMessageAt, 'the message counted on the other devices');
    }
    expect(danElsewhere.session.store.getState().groups.mine.find((group) => group.id === groupId)!.unreadCount).toBe(1);
  });
});
