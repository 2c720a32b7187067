import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { groupWithEveryone, openStore, outcomeCode, STANDINGS, type Standing } from './fixtures';

/*
 * The authorization matrix: every standing (owner, admin, member, pending applicant, stranger) against
 * every group operation, in a private and in a discoverable group. Each cell runs on a group of its own,
 * so writes in one cell cannot change another's answer.
 */

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

type Everyone = Awaited<ReturnType<typeof groupWithEveryone>> & { messageId: string; memberMessageId: string };
type Operation = (chat: ChatService, caller: Caller, setup: Everyone) => Promise<unknown>;

const OPERATIONS: Record<string, Operation> = {
  me: (c, caller) => c.me(caller),
  createGroup: (c, caller) => c.createGroup(caller, { name: 'another', description: '', discoverable: false }),
  listMyGroups: (c, caller) => c.listMyGroups(caller),
  searchGroups: (c, caller) => c.searchGroups(caller, 'group', 5),
  getGroup: (c, caller, { group }) => c.getGroup(caller, group.id),
  apply: (c, caller, { group }) => c.apply(caller, group.id, 'please'),
  listApplications: (c, caller, { group }) => c.listApplications(caller, group.id, 'pending'),
  approve: (c, caller, { group, users }) => c.approve(caller, group.id, users.applicant.id),
  reject: (c, caller, { group, users }) => c.reject(caller, group.id, users.applicant.id, 'no'),
  withdraw: (c, caller, { group }) => c.withdraw(caller, group.id),
  listMembers: (c, caller, { group }) => c.listMembers(caller, group.id),
  removeMember: (c, caller, { group, users }) =>
    c.removeMember(caller, group.id, caller.id === users.member.id ? users.admin.id : users.member.id),
  removeOwner: (c, caller, { group, users }) => c.removeMember(caller, group.id, users.owner.id),
  leave: (c, caller, { group }) => c.removeMember(caller, group.id, caller.id),
  setRole: (c, caller, { group, users }) => c.setRole(caller, group.id, users.member.id, 'admin'),
  updateGroup: (c, caller, { group }) => c.updateGroup(caller, group.id, { description: `edited by ${caller.id}` }),
  transferOwnership: (c, caller, { group, users }) =>
    c.transferOwnership(caller, group.id, caller.id === users.member.id ? users.admin.id : users.member.id),
  markRead: (c, caller, { group }) => c.markRead(caller, group.id, 1),
  postMessage: (c, caller, { group }) => c.postMessage(caller, group.id, { id: randomUUID(), body: 'hi' }),
  postReply: (c, caller, { group, messageId }) =>
    c.postMessage(caller, group.id, { id: randomUUID(), body: 'hi', parentId: messageId }),
  listMessages: (c, caller, { group }) => c.listMessages(caller, group.id, { limit: 10 }),
  listReplies: (c, caller, { group, messageId }) => c.listReplies(caller, group.id, messageId, { limit: 10 }),
  listEvents: (c, caller, { group }) => c.listEvents(caller, group.id, 0, 10),
  editMessage: (c, caller, { group, messageId }) => c.editMessage(caller, group.id, messageId, { body: 'edited' }),
  deleteOwnersMessage: (c, caller, { group, messageId }) => c.deleteMessage(caller, group.id, messageId),
  deleteMembersMessage: (c, caller, { group, memberMessageId }) => c.deleteMessage(caller, group.id, memberMessageId),
  addReaction: (c, caller, { group, messageId }) => c.addReaction(caller, group.id, messageId, '👍'),
  removeReaction: (c, caller, { group, messageId }) => c.removeReaction(caller, group.id, messageId, '👍'),
  listReactions: (c, caller, { group, messageId }) => c.listReactions(caller, group.id, messageId),
};

// Non-members of a private group learn nothing (not_found); of a discoverable one, they are forbidden.
const HIDDEN = { private: 'not_found', discoverable: 'forbidden' } as const;
type Visibility = keyof typeof HIDDEN;
type Expected = Record<Standing, string | ((visibility: Visibility) => string)>;
const hidden = (visibility: Visibility) => HIDDEN[visibility];
const membersOnly: Expected = { owner: 'ok', admin: 'ok', member: 'ok', applicant: hidden, stranger: hidden };
const managersOnly: Expected = { owner: 'ok', admin: 'ok', member: 'forbidden', applicant: hidden, stranger: hidden };

const anyone: Expected = { owner: 'ok', admin: 'ok', member: 'ok', applicant: 'ok', stranger: 'ok' };

const MATRIX: Record<keyof typeof OPERATIONS, Expected> = {
  me: anyone,
  createGroup: anyone,
  listMyGroups: anyone,
  searchGroups: anyone,
  getGroup: { ...membersOnly, applicant: (v) => (v === 'private' ? 'not_found' : 'ok'), stranger: (v) => (v === 'private' ? 'not_found' : 'ok') },
  // Knowing a private group's id is the invitation: anyone who is not a member may apply.
  apply: { owner: 'conflict', admin: 'conflict', member: 'conflict', applicant: 'conflict', stranger: 'ok' },
  listApplications: managersOnly,
  approve: managersOnly,
  reject: managersOnly,
  // The admin and the member joined through approved applications; the owner and the stranger never applied.
  withdraw: { owner: 'not_found', admin: 'conflict', member: 'conflict', applicant: 'ok', stranger: 'not_found' },
  listMembers: membersOnly,
  removeMember: { owner: 'ok', admin: 'ok', member: 'forbidden', applicant: hidden, stranger: hidden },
  removeOwner: { owner: 'conflict', admin: 'forbidden', member: 'forbidden', applicant: hidden, stranger: hidden },
  leave: { owner: 'conflict', admin: 'ok', member: 'ok', applicant: hidden, stranger: hidden },
  setRole: { owner: 'ok', admin: 'forbidden', member: 'forbidden', applicant: hidden, stranger: hidden },
  updateGroup: managersOnly,
  transferOwnership: { owner: 'ok', admin: 'forbidden', member: 'forbidden', applicant: hidden, stranger: hidden },
  markRead: membersOnly,
  postMessage: membersOnly,
  postReply: membersOnly,
  listMessages: membersOnly,
  listReplies: membersOnly,
  listEvents: membersOnly,
  // The first message is the owner's; only its author may edit it.
  editMessage: { owner: 'ok', admin: 'forbidden', member: 'forbidden', applicant: hidden, stranger: hidden },
  deleteOwnersMessage: managersOnly,
  deleteMembersMessage: { owner: 'ok', admin: 'ok', member: 'ok', applicant: hidden, stranger: hidden },
  addReaction: membersOnly,
  removeReaction: membersOnly,
  listReactions: membersOnly,
};

const cells = (['private', 'discoverable'] as const).flatMap((visibility) =>
  Object.keys(OPERATIONS).map((operation) => ({ visibility, operation })),
);

// Reads (and writes that leave the group as it is) share one group per visibility.
const READS = new Set(['me', 'createGroup', 'listMyGroups', 'searchGroups', 'getGroup', 'listApplications', 'listMembers', 'listMessages', 'listReplies', 'listReactions', 'listEvents']);
const shared = new Map<Visibility, Promise<Everyone>>();

async function everyone(visibility: Visibility): Promise<Everyone> {
  const setup = await groupWithEveryone(chat, visibility === 'discoverable');
  const first = await chat.postMessage(setup.users.owner, setup.group.id, { id: randomUUID(), body: 'first' });
  const second = await chat.postMessage(setup.users.member, setup.group.id, { id: randomUUID(), body: 'second' });
  return { ...setup, messageId: first.result.id, memberMessageId: second.result.id };
}

test.each(cells)('$operation in a $visibility group', async ({ visibility, operation }) => {
  if (READS.has(operation) && !shared.has(visibility)) shared.set(visibility, everyone(visibility));
  const answers = await Promise.all(
    STANDINGS.map(async (standing) => {
      const setup = READS.has(operation) ? await shared.get(visibility)! : await everyone(visibility);
      return [standing, await outcomeCode(() => OPERATIONS[operation](chat, setup.users[standing], setup))];
    }),
  );
  const expected = STANDINGS.map((standing) => {
    const cell = MATRIX[operation][standing];
    return [standing, typeof cell === 'function' ? cell(visibility) : cell];
  });
  expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(expected));
});

test('an unknown group is not_found for every operation, as a private one is', async () => {
  const setup = await groupWithEveryone(chat, true);
  const unknown = { ...setup, group: { ...setup.group, id: randomUUID() }, messageId: randomUUID(), memberMessageId: randomUUID() };
  const aboutTheGroup = Object.entries(OPERATIONS).filter(([name]) => MATRIX[name] !== anyone);
  for (const [name, operation] of aboutTheGroup) {
    expect([name, await outcomeCode(() => operation(chat, setup.users.owner, unknown))]).toEqual([name, 'not_found']);
  }
});

test('a non-member sees only the summary of a discoverable group', async () => {
  const { group, users } = await groupWithEveryone(chat, true);
  expect(await chat.getGroup(users.stranger, group.id)).toEqual({
    id: group.id,
    name: group.name,
    description: group.description,
    memberCount: 3,
  });
  expect(await chat.getGroup(users.member, group.id)).toMatchObject({ id: group.id, role: 'member', memberCount: 3 });
});
