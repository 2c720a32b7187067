import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../src/contract/limits';
import type { RouteName } from '../../src/contract/routes';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler } from '../../src/runtime/handlers/api';
import { handler as migrate } from '../../src/runtime/handlers/migrate';
import { handleApiRequest } from '../../src/runtime/http/api';
import { ConnectionsTable } from '../../src/runtime/realtime/connections-table';
import { LOCAL_AWS_ENVIRONMENT, motoEndpoint, newConnectionsTable, startDynamoDb, withEnvironment, type EmbeddedDynamoDb } from './support/aws';
import { httpEvent, json, testUser, type RequestParts, type TestUser } from './support/http-events';
import { topicWithTap, type TopicMessage } from './support/moto';
import { testNeo4jConfig } from '../neo4j';

let dynamo: EmbeddedDynamoDb;
let environment: { restore(): void };
let table: ConnectionsTable;
let tap: Awaited<ReturnType<typeof topicWithTap>>;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  environment = withEnvironment({ ...LOCAL_AWS_ENVIRONMENT, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ENDPOINT_URL_SNS: motoEndpoint() });
  const created = await newConnectionsTable(dynamo);
  table = created.table;
  tap = await topicWithTap();
  configureRuntime({
    config: {
      ...testNeo4jConfig(),
      connectionsTable: created.tableName,
      eventsTopicArn: tap.topicArn,
    },
  });
  // As a deploy does: the schema migration first (idempotent).
  await migrate({}, { getRemainingTimeInMillis: () => 60_000 });
});

afterAll(async () => {
  await resetRuntime();
  environment.restore();
  await dynamo.stop();
});

const call = (user: TestUser | null, name: RouteName, parts?: RequestParts) => handler(httpEvent(user, name, parts));

const published = async () =>
  (await tap.drain()).map(({ message, attributes }: TopicMessage) => ({ ...JSON.parse(message), attributes }) as {
    audience: { kind: string; groupId?: string; userIds?: string[] };
    event: { type: string; seq?: number };
    attributes: Record<string, string>;
  });

describe('the api handler (HTTP API payload 2.0) on the real Neo4j, dynalite and moto', () => {
  test('a group from creation to a removed member, with subscriptions and one SNS publish per event', async () => {
    const [alice, bob] = [testUser('Alice'), testUser('Bob')];
    const [aliceConnection, bobConnection] = [`${alice.sub}-ws`, `${bob.sub}-ws`];
    await table.addConnection(aliceConnection, alice.sub, []);
    await table.addConnection(bobConnection, bob.sub, []);

    const me = await call(alice, 'getMe');
    expect(me.statusCode).toBe(200);
    expect(json(me)).toEqual({ id: alice.sub, email: alice.email, name: 'Alice', picture: null });

    const created = await call(alice, 'createGroup', { body: { name: 'Chess club', discoverable: true } });
    expect(created.statusCode).toBe(201);
    const groupId = json<{ id: string }>(created).id;
    expect(await table.groupConnections(groupId)).toEqual([aliceConnection]); // the owner's live connection is subscribed

    expect((await call(bob, 'apply', { params: { groupId }, body: { message: 'hello' } })).statusCode).toBe(201);
    const applications = json<{ items: { applicant: { id: string } }[] }>(await call(alice, 'listApplications', { params: { groupId } }));
    expect(applications.items.map((application) => application.applicant.id)).toEqual([bob.sub]);

    expect((await call(alice, 'approve', { params: { groupId, userId: bob.sub } })).statusCode).toBe(200);
    expect((await table.groupConnections(groupId)).sort()).toEqual([aliceConnection, bobConnection].sort());

    const messageId = randomUUID();
    const posted = await call(bob, 'postMessage', { params: { groupId }, body: { id: messageId, body: 'first!' } });
    expect(posted.statusCode).toBe(201);
    const retried = await call(bob, 'postMessage', { params: { groupId }, body: { id: messageId, body: 'first!' } });
    expect(retried.statusCode).toBe(200);
    expect(json(retried)).toEqual(json(posted));

    const reply = await call(alice, 'postMessage', { params: { groupId }, body: { id: randomUUID(), body: 'welcome', parentId: messageId } });
    expect(reply.statusCode).toBe(201);
    const page = json<{ items: { id: string; replyCount: number }[] }>(await call(bob, 'listMessages', { params: { groupId }, query: { limit: '10' } }));
    expect(page.items).toEqual([expect.objectContaining({ id: messageId, replyCount: 1 })]);
    const replies = json<{ items: { body: string }[] }>(await call(bob, 'listReplies', { params: { groupId, messageId } }));
    expect(replies.items.map((item) => item.body)).toEqual(['welcome']);

    const removed = await call(alice, 'removeMember', { params: { groupId, userId: bob.sub } });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBeUndefined();
    expect(await table.groupConnections(groupId)).toEqual([aliceConnection]); // removed: unsubscribed at once
    expect((await call(bob, 'listMessages', { params: { groupId } })).statusCode).toBe(403);

    const events = json<{ items: { type: string; seq: number }[] }>(await call(alice, 'listEvents', { params: { groupId }, query: { afterSeq: '0' } }));
    expect(events.items.map((event) => event.type)).toEqual(['member.joined', 'message.created', 'message.created', 'member.removed']);

    // One publish per event, after each commit; the retried post published nothing.
    const messages = await published();
    expect(messages.map(({ event, audience }) => `${event.type} to ${audience.kind}`)).toEqual([
      'group.created to users',
      'application.created to users',
      'member.joined to group',
      'application.approved to users',
      'message.created to group',
      'message.created to group',
      'member.removed to group',
      'member.removed to users',
    ]);
    expect(messages[0].audience.userIds).toEqual([alice.sub]); // the creator's devices
    expect(messages[1].audience.userIds).toEqual([alice.sub]);
    expect(messages[4].attributes).toEqual({ eventType: 'message.created', groupId, seq: String(messages[4].event.seq), stage: 'event' });
    expect(messages[7].audience.userIds).toEqual([bob.sub]);
  });

  test('search, group summary for non-members, members list, rejection and withdrawal', async () => {
    const [owner, stranger, applicant] = [testUser('Owner'), testUser('Stranger'), testUser('Applicant')];
    const word = `word${randomUUID().slice(0, 8)}`;
    const groupId = json<{ id: string }>(await call(owner, 'createGroup', { body: { name: `Group ${word}`, description: 'd', discoverable: true } })).id;

    const found = json<{ items: { id: string; memberCount: number }[] }>(await call(stranger, 'listGroups', { query: { query: word } }));
    expect(found.items).toEqual([{ id: groupId, name: `Group ${word}`, description: 'd', memberCount: 1 }]);
    expect(json(await call(stranger, 'getGroup', { params: { groupId } }))).toEqual({ id: groupId, name: `Group ${word}`, description: 'd', memberCount: 1 });
    expect(json<{ items: { id: string }[] }>(await call(owner, 'listGroups')).items.map((group) => group.id)).toContain(groupId);
    expect(json<{ items: { role: string }[] }>(await call(owner, 'listMembers', { params: { groupId } })).items.map((member) => member.role)).toEqual(['owner']);

    await call(applicant, 'apply', { params: { groupId } });
    const rejected = await call(owner, 'reject', { params: { groupId, userId: applicant.sub }, body: { reason: 'full' } });
    expect(json(rejected)).toEqual(expect.objectContaining({ status: 'rejected', reason: 'full' }));
    await call(stranger, 'apply', { params: { groupId } });
    expect(json(await call(stranger, 'withdraw', { params: { groupId } }))).toEqual(expect.objectContaining({ status: 'withdrawn' }));
    await tap.drain();
  });

  test('rate limit: a burst gets 429 with Retry-After after exactly the burst size (20); the bucket refills (10/s)', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start); // the clock stands still while the burst is handled
    try {
      const [author, friend] = [testUser('Chatty'), testUser('Friend')];
      const groupId = json<{ id: string }>(await call(author, 'createGroup', { body: { name: 'Busy' } })).id;
      const post = (user: TestUser) => call(user, 'postMessage', { params: { groupId }, body: { id: randomUUID(), body: 'hi' } });
      const burst = await Promise.all(Array.from({ length: 23 }, () => post(author)));
      expect(burst.filter((response) => response.statusCode === 201)).toHaveLength(20);
      const refused = burst.filter((response) => response.statusCode !== 201);
      expect(refused.map((response) => [response.statusCode, response.headers?.['retry-after']])).toEqual(Array(3).fill([429, '1']));
      expect(json(refused[0])).toEqual({ error: { code: 'rate_limited', message: 'Too many messages: try again in 1 s.' } });
      // Editing has a bucket of its own; applying too, for another user.
      const messageId = json<{ id: string }>(burst.find((response) => response.statusCode === 201)!).id;
      expect((await call(author, 'editMessage', { params: { groupId, messageId }, body: { body: 'hello' } })).statusCode).toBe(200);
      expect((await call(friend, 'apply', { params: { groupId } })).statusCode).toBe(201);

      now.mockReturnValue(start + 300); // 3 tokens
      const later = await Promise.all(Array.from({ length: 4 }, () => post(author)));
      expect(later.map((response) => response.statusCode).sort()).toEqual([201, 201, 201, 429]);
      await tap.drain();
    } finally {
      now.mockRestore();
    }
  });

  describe('bad requests get a 4xx with a message a person can act on', () => {
    const user = testUser('Careful');
    const group = randomUUID();
    const cases: [string, RouteName, RequestParts, number, RegExp][] = [
      ['a path id that is not a UUID', 'listMessages', { params: { groupId: 'not-a-uuid' } }, 400, /^path\.groupId: /],
      ['an unknown body field', 'createGroup', { body: { name: 'x', colour: 'red' } }, 400, /body: unknown field "colour"/],
      ['a missing required field', 'createGroup', { body: {} }, 400, /body\.name: /],
      ['a page size over the maximum', 'listMessages', { params: { groupId: group }, query: { limit: '1000' } }, 400, /query\.limit: /],
      ['two cursors at once', 'listMessages', { params: { groupId: group }, query: { before: 'a', after: 'b' } }, 400, /at most one of before, after and around/],
      ['a body that is not JSON', 'createGroup', { body: '{"name": ' }, 400, /not valid JSON/],
      ['a request body over the limit', 'createGroup', { body: { name: 'x', description: 'y'.repeat(LIMITS.requestBodyBytes) } }, 413, /limit is 65536/],
      [
        'a message body over the limit in a small enough request',
        'postMessage',
        { params: { groupId: group }, body: { id: randomUUID(), body: 'é'.repeat(LIMITS.messageBodyBytes / 2 + 1) } },
        413,
        /at most 16384/,
      ],
      ['a group that does not exist', 'getGroup', { params: { groupId: group } }, 404, /./],
    ];

    test.each(cases)('%s', async (_case, name, parts, status, message) => {
      const response = await call(user, name, parts);
      expect(response.statusCode).toBe(status);
      const { error } = json<{ error: { code: string; message: string } }>(response);
      expect(error.code).toBe({ 400: 'bad_request', 404: 'not_found', 413: 'payload_too_large' }[status]);
      expect(error.message).toMatch(message);
    });

    test('no verified claims is 401; an unknown route is 404', async () => {
      expect((await call(null, 'getMe')).statusCode).toBe(401);
      const event = httpEvent(user, 'getMe');
      const nowhere = await handler({ ...event, routeKey: '$default', rawPath: '/nowhere' });
      expect(nowhere.statusCode).toBe(404);
      expect(json(nowhere)).toEqual({ error: { code: 'not_found', message: 'There is no route GET /nowhere.' } });
    });

    test('behind a $default route of a named stage, the method and path pick the route and its parameters', async () => {
      const owner = testUser('Proxied');
      const groupId = json<{ id: string }>(await call(owner, 'createGroup', { body: { name: 'Proxied' } })).id;
      const event = httpEvent(owner, 'getGroup', { params: { groupId } });
      const response = await handler({
        ...event,
        routeKey: '$default',
        pathParameters: undefined,
        rawPath: `/live/groups/${groupId}`,
        requestContext: { ...event.requestContext, stage: 'live', routeKey: '$default' },
      });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(expect.objectContaining({ id: groupId, role: 'owner' }));
    });
  });

  test('an unexpected failure is 503 with a generic message; the details go only to the log', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await handleApiRequest(httpEvent(testUser('Unlucky'), 'getMe'), {
        chat: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.3.7:7687')),
        presence: () => ({ onlineUsers: async () => new Set<string>() }),
        rateLimits: () => {
          throw new Error('getMe is not rate limited');
        },
        afterCommit: async () => undefined,
      });
      expect(response.statusCode).toBe(503);
      const body = response.body ?? '';
      expect(json(response)).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/try again/) } });
      expect(body).not.toMatch(/ECONNREFUSED|10\.0\.3\.7|at .*\.ts/);
      expect(log.mock.calls.join('\n')).toMatch(/ECONNREFUSED 10\.0\.3\.7/);
    } finally {
      log.mockRestore();
    }
  });
});
