import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { ChatService, type Caller } from '../../src/runtime/chat/chat-service';
import { migrate } from '../../src/runtime/store/schema';
import { testDriver } from '../neo4j';

/** A driver and a migrated schema for one test file; call in `beforeAll`, close with `afterAll`. */
export async function openStore(): Promise<{ driver: Driver; chat: ChatService }> {
  const driver = testDriver();
  await migrate(driver);
  return { driver, chat: new ChatService(driver) };
}

/** A caller of its own (a random id), so tests sharing the database never meet. */
export function newCaller(label: string): Caller {
  const id = `${label}-${randomUUID()}`;
  return { id, email: `${id}@example.test`, name: label, picture: null };
}

/** The five ways a user can stand towards a group. */
export const STANDINGS = ['owner', 'admin', 'member', 'applicant', 'stranger'] as const;
export type Standing = (typeof STANDINGS)[number];

/** A group with one user of each standing: an owner, an admin, a member, a pending applicant, a stranger. */
export async function groupWithEveryone(chat: ChatService, discoverable: boolean) {
  const users = Object.fromEntries(STANDINGS.map((standing) => [standing, newCaller(standing)])) as Record<Standing, Caller>;
  const { result: group } = await chat.createGroup(users.owner, { name: `group ${randomUUID()}`, description: 'for tests', discoverable });
  for (const joining of [users.admin, users.member]) {
    await chat.apply(joining, group.id);
    await chat.approve(users.owner, group.id, joining.id);
  }
  await chat.setRole(users.owner, group.id, users.admin.id, 'admin');
  await chat.apply(users.applicant, group.id, 'let me in');
  await chat.me(users.stranger);
  return { group, users };
}

/** The error code an operation fails with, or 'ok'. */
export async function outcomeCode(operation: () => Promise<unknown>): Promise<string> {
  try {
    await operation();
    return 'ok';
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.name === 'ApiError') return String(error.code);
    throw error;
  }
}
