import { randomUUID } from 'node:crypto';
import type { Application, MemberWithPresence, Message, MyGroup, User } from '../../src/client';
import type { ChatApi, ChatRealtime, Services } from '../../examples/chat-core/services';
import { ChatStoreLike, createChatStore } from '../../examples/chat-core/store';

export const me: User = { id: 'me-sub', email: 'me@example.com', name: 'Me', picture: null };
export const other: User = { id: 'other-sub', email: 'other@example.com', name: 'Other', picture: null };
const when = '2026-01-01T00:00:00.000Z';

export function group(fields: Partial<MyGroup> = {}): MyGroup {
  return {
    id: randomUUID(), name: 'Group', description: '', discoverable: true, createdAt: when, memberCount: 1, seq: 0, role: 'owner',
    unreadCount: 0, mentionCount: 0, lastReadSeq: 0, lastMessageAt: null, ...fields,
  };
}

export function message(groupId: string, position: number, fields: Partial<Message> = {}): Message {
  return { id: randomUUID(), groupId, authorId: me.id, body: `message ${position}`, mentions: [], createdAt: when, parentId: null, position, seq: position, replyCount: 0, editedAt: null, deletedAt: null, reactions: [], ...fields };
}

export function application(groupId: string, applicant: User, fields: Partial<Application> = {}): Application {
  return { id: randomUUID(), groupId, applicant, status: 'pending', message: null, createdAt: when, decidedAt: null, decidedBy: null, reason: null, ...fields };
}

export function member(user: User, role: MemberWithPresence['role'] = 'member'): MemberWithPresence {
  return { user, role, since: when, online: false };
}

type Calls = { method: string; args: unknown[] }[];

/**
 * Services whose every API call fails unless the test gave an answer for it, and which record what was called.
 * `answers.<method>` is a function of the call's arguments; a test may also assign a method on `services.api`.
 * The store is `createChatStore`'s, or the client's (`createStore`).
 */
export function fakeServices<S extends ChatStoreLike = ReturnType<typeof createChatStore>>(
  answers: Partial<{ [K in keyof ChatApi]: (...args: Parameters<ChatApi[K]>) => ReturnType<ChatApi[K]> }>,
  realtime?: Partial<ChatRealtime>,
  createStore: (services: Services) => S = createChatStore as unknown as (services: Services) => S,
) {
  const calls: Calls = [];
  const api = new Proxy({} as ChatApi, {
    get(target, method: string) {
      if (Object.hasOwn(target, method)) return (target as unknown as Record<string, unknown>)[method]; // set by the test
      return (...args: unknown[]) => {
        calls.push({ method, args });
        const answer = (answers as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
        if (!answer) return Promise.reject(new Error(`unexpected call ${method}`));
        return answer(...args);
      };
    },
  });
  const followed: [string, number][] = [];
  let ids = 0;
  const services: Services = {
    api,
    realtime: {
      state: 'open',
      follow: (groupId, seq) => void followed.push([groupId, seq]),
      sendMessage: () => Promise.reject(Object.assign(new Error('not open'), { code: 'unavailable' })),
      ...realtime,
    } as ChatRealtime,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  return { services, calls, followed, store: createStore(services) };
}
