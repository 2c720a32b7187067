import type { Driver } from 'neo4j-driver';
import type { Caller, ChatService } from '../../src/runtime/chat/chat-service';
import { newCaller, openStore, outcomeCode } from './fixtures';

/* The application state machine: pending -> approved | rejected | withdrawn, and nothing else. */

let driver: Driver;
let chat: ChatService;
beforeAll(async () => ({ driver, chat } = await openStore()));
afterAll(() => driver.close());

async function groupWithApplicant() {
  const owner = newCaller('owner');
  const applicant = newCaller('applicant');
  const { result: group } = await chat.createGroup(owner, { name: 'state machine', description: '', discoverable: false });
  return { owner, applicant, groupId: group.id };
}

type Setting = Awaited<ReturnType<typeof groupWithApplicant>>;
const TRANSITIONS: Record<string, (s: Setting) => Promise<unknown>> = {
  approve: (s) => chat.approve(s.owner, s.groupId, s.applicant.id),
  reject: (s) => chat.reject(s.owner, s.groupId, s.applicant.id, 'not now'),
  withdraw: (s) => chat.withdraw(s.applicant, s.groupId),
};
const FINAL_STATES = { approved: 'approve', rejected: 'reject', withdrawn: 'withdraw' } as const;

const illegal = Object.entries(FINAL_STATES).flatMap(([state, into]) =>
  Object.keys(TRANSITIONS).map((transition) => ({ state, into, transition })),
);

test.each(illegal)('$transition from $state is a conflict', async ({ into, transition }) => {
  const setting = await groupWithApplicant();
  await chat.apply(setting.applicant, setting.groupId);
  await TRANSITIONS[into](setting);
  expect(await outcomeCode(() => TRANSITIONS[transition](setting))).toBe('conflict');
});

test.each(Object.keys(TRANSITIONS))('%s without any application is not_found', async (transition) => {
  const setting = await groupWithApplicant();
  expect(await outcomeCode(() => TRANSITIONS[transition](setting))).toBe('not_found');
});

test('applying while pending, or while a member, is a conflict', async () => {
  const setting = await groupWithApplicant();
  await chat.apply(setting.applicant, setting.groupId);
  expect(await outcomeCode(() => chat.apply(setting.applicant, setting.groupId))).toBe('conflict');
  await chat.approve(setting.owner, setting.groupId, setting.applicant.id);
  expect(await outcomeCode(() => chat.apply(setting.applicant, setting.groupId))).toBe('conflict');
  expect(await outcomeCode(() => chat.apply(setting.owner, setting.groupId))).toBe('conflict');
});

test('approval records who decided and when, and makes a member', async () => {
  const setting = await groupWithApplicant();
  const { result: pending } = await chat.apply(setting.applicant, setting.groupId, '  I would like to join  ');
  expect(pending).toMatchObject({ status: 'pending', message: 'I would like to join', decidedAt: null, decidedBy: null, reason: null });
  const { result: approved } = await chat.approve(setting.owner, setting.groupId, setting.applicant.id);
  expect(approved).toMatchObject({ id: pending.id, status: 'approved', decidedBy: setting.owner.id, reason: null });
  expect(Date.parse(approved.decidedAt!)).toBeGreaterThanOrEqual(Date.parse(pending.createdAt));
  const members = await chat.listMembers(setting.owner, setting.groupId);
  expect(members.map((member) => [member.user.id, member.role])).toEqual([
    [setting.owner.id, 'owner'],
    [setting.applicant.id, 'member'],
  ]);
});

test('a rejected user may apply again, and the history stays', async () => {
  const setting = await groupWithApplicant();
  const { result: first } = await chat.apply(setting.applicant, setting.groupId);
  await chat.reject(setting.owner, setting.groupId, setting.applicant.id, 'too early');
  const { result: second } = await chat.apply(setting.applicant, setting.groupId, 'again');
  expect(second.id).not.toBe(first.id);
  const rejected = await chat.listApplications(setting.owner, setting.groupId, 'rejected');
  expect(rejected).toEqual([
    expect.objectContaining({ id: first.id, status: 'rejected', reason: 'too early', decidedBy: setting.owner.id }),
  ]);
  expect(await chat.listApplications(setting.owner, setting.groupId, 'pending')).toEqual([
    expect.objectContaining({ id: second.id, message: 'again' }),
  ]);
  // The decision concerns the new application; the old one stays rejected.
  await chat.approve(setting.owner, setting.groupId, setting.applicant.id);
  expect((await chat.listApplications(setting.owner, setting.groupId, 'rejected')).map((a) => a.id)).toEqual([first.id]);
});

test('a withdrawn application is recorded as decided by the applicant; applying again is allowed', async () => {
  const setting = await groupWithApplicant();
  await chat.apply(setting.applicant, setting.groupId);
  const { result: withdrawn } = await chat.withdraw(setting.applicant, setting.groupId);
  expect(withdrawn).toMatchObject({ status: 'withdrawn', decidedBy: setting.applicant.id });
  expect(await outcomeCode(() => chat.apply(setting.applicant, setting.groupId))).toBe('ok');
});

test('a removed member may apply again', async () => {
  const setting = await groupWithApplicant();
  await chat.apply(setting.applicant, setting.groupId);
  await chat.approve(setting.owner, setting.groupId, setting.applicant.id);
  await chat.removeMember(setting.owner, setting.groupId, setting.applicant.id);
  expect(await outcomeCode(() => chat.apply(setting.applicant, setting.groupId))).toBe('ok');
});

test('concurrent decisions on one application: exactly one wins, one member.joined event', async () => {
  const setting = await groupWithApplicant();
  const admin: Caller = newCaller('admin');
  await chat.apply(admin, setting.groupId);
  await chat.approve(setting.owner, setting.groupId, admin.id);
  await chat.setRole(setting.owner, setting.groupId, admin.id, 'admin');
  await chat.apply(setting.applicant, setting.groupId);
  const codes = await Promise.all([
    outcomeCode(() => chat.approve(setting.owner, setting.groupId, setting.applicant.id)),
    outcomeCode(() => chat.approve(admin, setting.groupId, setting.applicant.id)),
    outcomeCode(() => chat.reject(admin, setting.groupId, setting.applicant.id)),
    outcomeCode(() => chat.withdraw(setting.applicant, setting.groupId)),
  ]);
  expect(codes.filter((code) => code === 'ok')).toHaveLength(1);
  expect(codes.filter((code) => code === 'conflict')).toHaveLength(3);
  const { items } = await chat.listEvents(setting.owner, setting.groupId, 0, 100);
  const joined = items.filter((event) => event.type === 'member.joined' && event.member.user.id === setting.applicant.id);
  expect(joined).toHaveLength(codes[0] === 'ok' || codes[1] === 'ok' ? 1 : 0);
});

test('concurrent applications by one user leave one pending application', async () => {
  const setting = await groupWithApplicant();
  const codes = await Promise.all(Array.from({ length: 6 }, () => outcomeCode(() => chat.apply(setting.applicant, setting.groupId))));
  expect(codes.sort()).toEqual(['conflict', 'conflict', 'conflict', 'conflict', 'conflict', 'ok']);
  expect(await chat.listApplications(setting.owner, setting.groupId, 'pending')).toHaveLength(1);
});

test('notifications: who hears about applications, and subscription changes', async () => {
  const setting = await groupWithApplicant();
  const admin = newCaller('admin');
  await chat.apply(admin, setting.groupId);
  const approvedAdmin = await chat.approve(setting.owner, setting.groupId, admin.id);
  expect(approvedAdmin.subscriptions).toEqual([{ userId: admin.id, groupId: setting.groupId, subscribed: true }]);
  await chat.setRole(setting.owner, setting.groupId, admin.id, 'admin');

  const applied = await chat.apply(setting.applicant, setting.groupId);
  expect(applied.notifications).toEqual([
    {
      audience: { kind: 'users', userIds: expect.arrayContaining([setting.owner.id, admin.id]) },
      event: { type: 'application.created', groupId: setting.groupId, application: applied.result },
    },
  ]);
  expect(applied.notifications[0].audience).toMatchObject({ userIds: expect.any(Array) });
  expect((applied.notifications[0].audience as { userIds: string[] }).userIds).toHaveLength(2);

  const approved = await chat.approve(admin, setting.groupId, setting.applicant.id);
  const [joined, told] = approved.notifications;
  expect(joined.audience).toEqual({ kind: 'group', groupId: setting.groupId });
  // seq 1: the admin joined; seq 2: made an admin (member.role_changed); seq 3: the applicant joined.
  expect(joined.event).toMatchObject({ type: 'member.joined', seq: 3, member: { user: { id: setting.applicant.id }, role: 'member' } });
  expect(told.event).toEqual({ type: 'application.approved', groupId: setting.groupId, application: approved.result });
  expect(new Set((told.audience as { userIds: string[] }).userIds)).toEqual(new Set([setting.applicant.id, setting.owner.id, admin.id]));

  const other = newCaller('other');
  await chat.apply(other, setting.groupId);
  const rejected = await chat.reject(setting.owner, setting.groupId, other.id);
  expect(rejected.notifications).toEqual([
    { audience: { kind: 'users', userIds: [other.id] }, event: { type: 'application.rejected', groupId: setting.groupId, application: rejected.result } },
  ]);
  expect(rejected.subscriptions).toEqual([]);

  const removed = await chat.removeMember(admin, setting.groupId, setting.applicant.id);
  expect(removed.notifications.map((n) => n.audience)).toEqual([
    { kind: 'group', groupId: setting.groupId },
    { kind: 'users', userIds: [setting.applicant.id] },
  ]);
  expect(removed.notifications[0].event).toEqual({ type: 'member.removed', groupId: setting.groupId, seq: 4, userId: setting.applicant.id, by: admin.id });
  expect(removed.subscriptions).toEqual([{ userId: setting.applicant.id, groupId: setting.groupId, subscribed: false }]);
});
