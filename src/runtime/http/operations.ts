import type { z } from 'zod';
import { ROUTES, RouteName } from '../../contract/routes';
import type { ChatService } from '../chat/chat-service';
import type { Caller, Outcome } from '../chat/outcome';
import type { RateLimitKind } from '../realtime/rate-limits';

type Input<R extends RouteName, K extends 'params' | 'query' | 'body'> = (typeof ROUTES)[R] extends { [P in K]: infer S extends z.ZodType }
  ? z.output<S>
  : undefined;

/** Who of a list of users has a live connection. */
export interface PresenceReader {
  onlineUsers(userIds: readonly string[]): Promise<Set<string>>;
}

interface OperationInput<R extends RouteName> {
  chat: ChatService;
  presence: () => PresenceReader;
  caller: Caller;
  params: Input<R, 'params'>;
  query: Input<R, 'query'>;
  body: Input<R, 'body'>;
}

/** What an operation answers: the response body, a status other than the route's when it differs, and what to do after the commit. */
export interface OperationResult {
  body: unknown;
  status?: number;
  effects?: Pick<Outcome<unknown>, 'notifications' | 'subscriptions'>;
}

const outcome = (result: Outcome<unknown>, status?: number): OperationResult => ({ body: result.result, status, effects: result });

/** Each route of the contract, as a call into the chat domain. */
export const OPERATIONS: { [R in RouteName]: (input: OperationInput<R>) => Promise<OperationResult> } = {
  getMe: async ({ chat, caller }) => ({ body: await chat.me(caller) }),
  createGroup: async ({ chat, caller, body }) => outcome(await chat.createGroup(caller, body)),
  listGroups: async ({ chat, caller, query }) => ({
    body: { items: query.query ? await chat.searchGroups(caller, query.query, query.limit) : await chat.listMyGroups(caller) },
  }),
  getGroup: async ({ chat, caller, params }) => ({ body: await chat.getGroup(caller, params.groupId) }),
  updateGroup: async ({ chat, caller, params, body }) => outcome(await chat.updateGroup(caller, params.groupId, body)),
  transferOwnership: async ({ chat, caller, params, body }) => outcome(await chat.transferOwnership(caller, params.groupId, body.userId)),
  apply: async ({ chat, caller, params, body }) => outcome(await chat.apply(caller, params.groupId, body.message)),
  listApplications: async ({ chat, caller, params, query }) => ({
    body: { items: await chat.listApplications(caller, params.groupId, query.status) },
  }),
  approve: async ({ chat, caller, params }) => outcome(await chat.approve(caller, params.groupId, params.userId)),
  reject: async ({ chat, caller, params, body }) => outcome(await chat.reject(caller, params.groupId, params.userId, body.reason)),
  withdraw: async ({ chat, caller, params }) => outcome(await chat.withdraw(caller, params.groupId)),
  listMembers: async ({ chat, presence, caller, params }) => {
    const members = await chat.listMembers(caller, params.groupId);
    const online = await presence().onlineUsers(members.map((member) => member.user.id));
    return { body: { items: members.map((member) => ({ ...member, online: online.has(member.user.id) })) } };
  },
  setRole: async ({ chat, caller, params, body }) => outcome(await chat.setRole(caller, params.groupId, params.userId, body.role)),
  markRead: async ({ chat, caller, params, body }) => outcome(await chat.markRead(caller, params.groupId, body.seq)),
  removeMember: async ({ chat, caller, params }) => outcome(await chat.removeMember(caller, params.groupId, params.userId)),
  postMessage: async ({ chat, caller, params, body }) => {
    const posted = await chat.postMessage(caller, params.groupId, body);
    return outcome(posted, posted.created ? 201 : 200);
  },
  listMessages: async ({ chat, caller, params, query }) => ({ body: await chat.listMessages(caller, params.groupId, query) }),
  listReplies: async ({ chat, caller, params, query }) => ({
    body: await chat.listReplies(caller, params.groupId, params.messageId, query),
  }),
  editMessage: async ({ chat, caller, params, body }) => outcome(await chat.editMessage(caller, params.groupId, params.messageId, body)),
  deleteMessage: async ({ chat, caller, params }) => outcome(await chat.deleteMessage(caller, params.groupId, params.messageId)),
  addReaction: async ({ chat, caller, params }) => outcome(await chat.addReaction(caller, params.groupId, params.messageId, params.emoji)),
  removeReaction: async ({ chat, caller, params }) =>
    outcome(await chat.removeReaction(caller, params.groupId, params.messageId, params.emoji)),
  listReactions: async ({ chat, caller, params }) => ({
    body: { items: await chat.listReactions(caller, params.groupId, params.messageId) },
  }),
  listEvents: async ({ chat, caller, params, query }) => ({
    body: await chat.listEvents(caller, params.groupId, query.afterSeq, query.limit),
  }),
};

/** The routes that take a token of one of the caller's rate-limit buckets. */
export const RATE_LIMITED: Partial<Record<RouteName, RateLimitKind>> = {
  postMessage: 'send',
  editMessage: 'edit',
  addReaction: 'react',
  removeReaction: 'react',
  apply: 'apply',
};
