import { randomUUID } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import type { ProfiledPlan } from 'neo4j-driver';
import { newCaller, openStore } from './fixtures';
import type { ChatService } from '../../src/runtime/chat/chat-service';
import { migrate, SCHEMA } from '../../src/runtime/store/schema';
import { CHILD_QUERIES } from '../../src/runtime/store/messages';

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

function operators(plan: ProfiledPlan | { operatorType: string; arguments: Record<string, unknown>; children: unknown[] }): { type: string; details: string; rows?: number }[] {
  const children = plan.children as ProfiledPlan[];
  const rows = 'rows' in plan ? Number(plan.rows) : undefined;
  return [
    { type: plan.operatorType.replace(/@.*/, ''), details: String(plan.arguments.Details ?? ''), rows },
    ...children.flatMap((child) => operators(child)),
  ];
}

test('migrate is idempotent, also when run concurrently, and names every rule', async () => {
  const runs = await Promise.all([migrate(driver), migrate(driver), migrate(driver)]);
  for (const run of runs) expect(run.applied.sort()).toEqual(Object.keys(SCHEMA).sort());
  const { records } = await driver.executeQuery('SHOW CONSTRAINTS YIELD name, type RETURN name, type');
  const constraints = Object.fromEntries(records.map((r) => [r.get('name'), r.get('type')]));
  expect(constraints).toMatchObject({
    user_id: 'UNIQUENESS',
    group_id: 'UNIQUENESS',
    message_id: 'UNIQUENESS',
    message_position: 'UNIQUENESS',
    event_seq: 'UNIQUENESS',
    application_pending: 'UNIQUENESS',
  });
});

test('the uniqueness constraints reject a duplicate position and a duplicate seq', async () => {
  const parentKey = `constraint-test-${randomUUID()}`;
  await driver.executeQuery('CREATE (:Message {id: $id, parentKey: $parentKey, position: 1})', { id: randomUUID(), parentKey });
  await expect(
    driver.executeQuery('CREATE (:Message {id: $id, parentKey: $parentKey, position: 1})', { id: randomUUID(), parentKey }),
  ).rejects.toMatchObject({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' });
  await driver.executeQuery('CREATE (:Event {groupId: $parentKey, seq: 1})', { parentKey });
  await expect(driver.executeQuery('CREATE (:Event {groupId: $parentKey, seq: 1})', { parentKey })).rejects.toMatchObject({
    code: 'Neo.ClientError.Schema.ConstraintValidationFailed',
  });
  await driver.executeQuery('MATCH (n) WHERE n.parentKey = $parentKey OR n.groupId = $parentKey DETACH DELETE n', { parentKey });
});

test.each(Object.entries(CHILD_QUERIES))('the %s page query seeks the (parentKey, position) index and does not sort', async (_kind, query) => {
  const { summary } = await driver.executeQuery(`EXPLAIN ${query}`, {
    groupId: 'g', userId: 'u', viewerId: 'u', parentId: 'x', parentKey: 'x', before: neo4j.int(10), after: neo4j.int(10), limit: neo4j.int(5), from: neo4j.int(1), to: neo4j.int(5),
  });
  const plan = operators(summary.plan as never);
  const seek = plan.find((op) => op.type.includes('IndexSeek') && op.details.includes('m:Message(parentKey, position)'));
  expect(seek?.details).toMatch(/m:Message\(parentKey, position\) WHERE parentKey = \$parentKey AND position/);
  expect(plan.map((op) => op.type)).not.toEqual(expect.arrayContaining([expect.stringMatching(/Sort|Top|LabelScan|AllNodesScan/)]));
});

test('a page of a 300-reply thread reads only its own rows from the index', async () => {
  const owner = newCaller('owner');
  const { result: group } = await chat.createGroup(owner, { name: 'profile', description: '', discoverable: false });
  const { result: root } = await chat.postMessage(owner, group.id, { id: randomUUID(), body: 'root' });
  // Bulk-load the children (the domain's path is tested elsewhere; here only the read plan matters).
  await driver.executeQuery(
    `UNWIND range(1, 300) AS position
     CREATE (:Message {id: randomUUID(), groupId: $groupId, authorId: $authorId, body: 'x', createdAt: datetime(),
                       parentId: $parentId, parentKey: $parentId, position: position, seq: position, replyCount: 0})`,
    { groupId: group.id, authorId: owner.id, parentId: root.id },
  );
  for (const [query, parameters] of [
    [CHILD_QUERIES.before, { before: neo4j.int(150) }],
    [CHILD_QUERIES.after, { after: neo4j.int(150) }],
  ] as const) {
    const { summary } = await driver.executeQuery(`PROFILE ${query}`, {
      groupId: group.id, userId: owner.id, viewerId: owner.id, parentId: root.id, parentKey: root.id, limit: neo4j.int(20), ...parameters,
    });
    const seek = operators(summary.profile as ProfiledPlan).find((op) => op.type.includes('IndexSeek') && op.details.includes('m:Message(parentKey, position)'))!;
    expect(seek.rows).toBeLessThanOrEqual(21);
  }
});
