import type { ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import { decodeCursor } from '../../contract/cursor';
import { ApiError } from '../../contract/errors';
import type { GroupEvent, MessageCreated } from '../../contract/events';
import { LIMITS } from '../../contract/limits';
import type { Message, Page } from '../../contract/model';
import { Mentions, type MessagesQuery, type RepliesQuery } from '../../contract/requests';
import * as events from '../store/events';
import * as groups from '../store/groups';
import * as members from '../store/members';
import * as messages from '../store/messages';
import type { ChildRange, NewMessage } from '../store/messages';
import { isConstraintViolation, readStatement, writeTransaction } from '../store/transactions';
import { isManager, requireMember } from './authorization';
import { parseInput, parseLimit, parseMessageBody, parseUuid } from './input';
import { toGroup } from './notifications';
import type { Caller, Outcome } from './outcome';
import { type PageRequest, pageOf, rangeFor } from './paging';
import { ChatUseCase, Unchanged } from './use-case';

/** Threaded messages: posting, and paging top-level messages and replies. */
export class MessageUseCases extends ChatUseCase {
  /**
   * Posts a top-level message or a reply. The id is the client's: posting the same message again returns
   * the stored one with `created: false` (and nothing to notify); the same id with anything else is `conflict`.
   */
  async postMessage(
    caller: Caller,
    groupId: string,
    input: { id: string; body: string; parentId?: string; mentions?: string[] },
  ): Promise<Outcome<Message> & { created: boolean }> {
    const id = parseUuid(input.id, 'id');
    const parentId = input.parentId === undefined ? null : parseUuid(input.parentId, 'parentId');
    const body = parseMessageBody(input.body);
    const mentions = parseInput(Mentions, input.mentions ?? [], 'mentions');
    const createdAt = this.now();
    const wanted: NewMessage = {
      id, groupId, authorId: caller.id, parentId, body, mentions, createdAt, editedAt: null, deletedAt: null, reactions: [],
    };
    try {
      return await writeTransaction(this.target, async (tx) => {
        const slot = await messages.postChild(tx, wanted, caller);
        // A deletion that committed while the post waited for the locks: throwing rolls the post back.
        if (slot?.parentDeleted) throw deletedMessage(parentId!, 'reply to');
        if (slot) {
          const message: Message = { ...wanted, seq: slot.seq, position: slot.position, replyCount: 0 };
          const event: z.infer<typeof MessageCreated> = { type: 'message.created', groupId, seq: slot.seq, message };
          return { result: message, created: true, notifications: [toGroup(groupId, event)], subscriptions: [] };
        }
        // Nothing was written: say why.
        requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'post messages');
        const stored = await messages.findMessage(tx, id, caller.id);
        if (stored) return retried(stored, wanted);
        await requireMembers(tx, groupId, mentions);
        const parent = parentId === null ? null : await messages.findMessage(tx, parentId);
        if (parent?.groupId === groupId && parent.deletedAt) throw deletedMessage(parentId!, 'reply to');
        throw new ApiError('not_found', `There is no message ${parentId} in this group to reply to.`);
      });
    } catch (error) {
      // A concurrent post of the same id committed first: answer as a retry would have been answered.
      if (!isConstraintViolation(error)) throw error;
      const stored = await this.read((tx) => messages.findMessage(tx, id, caller.id));
      if (!stored) throw error;
      return retried(stored, wanted);
    }
  }

  /** One page of the group's top-level messages; without a cursor, the newest page. One round trip. */
  async listMessages(caller: Caller, groupId: string, query: MessagesQuery): Promise<Page<Message>> {
    const request = pageRequest(query, { last: true });
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    const { group, messages: items } = await this.page(caller, groupId, null, rangeFor(request, limit, UNCOUNTED));
    return pageOf(request, items, group.childCount);
  }

  /**
   * One page of a message's direct replies; without a cursor, the first page; `around` centres a reply. One
   * round trip, but for `around`, which first reads where that reply is.
   */
  async listReplies(caller: Caller, groupId: string, messageId: string, query: RepliesQuery): Promise<Page<Message>> {
    const around = query.around === undefined ? undefined : parseUuid(query.around, 'around');
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    let request = pageRequest(query, { first: true });
    let count = UNCOUNTED;
    if (around !== undefined) {
      const { parent } = await this.page(caller, groupId, messageId, { after: 0, limit: 0 });
      const anchor = await this.read((tx) => messages.findMessage(tx, around));
      if (anchor?.parentId !== messageId) {
        throw new ApiError('not_found', `There is no reply ${around} to message ${messageId}.`);
      }
      request = { around: anchor.position };
      count = parent!.replyCount;
    }
    const { parent, messages: items } = await this.page(caller, groupId, messageId, rangeFor(request, limit, count));
    return pageOf(request, items, parent!.replyCount);
  }

  /** A page of children for a member, in one round trip; when there is none, a second says why. */
  private async page(caller: Caller, groupId: string, parentId: string | null, range: ChildRange): Promise<messages.ChildPage> {
    const page = await readStatement(this.target, (runner) =>
      messages.readChildPage(runner, { groupId, userId: caller.id, parentId, range }),
    );
    if (page) return page;
    requireMember(await this.read((tx) => groups.groupAccess(tx, groupId, caller.id)), groupId, 'read its messages');
    throw new ApiError('not_found', `There is no message ${parentId} in this group.`);
  }

  /** Edits a message (its author only): a new body and mentions, `editedAt` set; `message.updated` to the group. */
  async editMessage(
    caller: Caller,
    groupId: string,
    messageId: string,
    input: { body: string; mentions?: string[] },
  ): Promise<Outcome<Message>> {
    const body = parseMessageBody(input.body);
    const mentions = parseInput(Mentions, input.mentions ?? [], 'mentions');
    const editedAt = this.now();
    return this.write(caller, async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'edit messages');
      const seq = await events.nextSeq(tx, groupId);
      const stored = await messageInGroup(tx, groupId, messageId, caller.id);
      if (stored.authorId !== caller.id) throw new ApiError('forbidden', 'Only the author of a message can edit it.');
      if (stored.deletedAt) throw deletedMessage(messageId, 'edit');
      await requireMembers(tx, groupId, mentions);
      await messages.editMessage(tx, { id: messageId, body, mentions, editedAt, seq: seq! });
      const message: Message = { ...stored, body, mentions, editedAt };
      const event: GroupEvent = { type: 'message.updated', groupId, seq: seq!, message: forEveryone(message) };
      await events.storeEvent(tx, event, editedAt);
      return { result: message, notifications: [toGroup(groupId, event)], subscriptions: [] };
    });
  }

  /**
   * Deletes a message (its author, the group's owners and admins): it becomes a tombstone, its body and
   * mentions erased from the message and from the stored events that carried them. Deleting a tombstone
   * answers the tombstone again and notifies nobody.
   */
  async deleteMessage(caller: Caller, groupId: string, messageId: string): Promise<Outcome<Message>> {
    const deletedAt = this.now();
    return this.writeUnlessUnchanged(caller, async (tx) => {
      const { role } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'delete messages');
      const seq = await events.nextSeq(tx, groupId);
      const stored = await messageInGroup(tx, groupId, messageId, caller.id);
      if (stored.authorId !== caller.id && !isManager(role)) {
        throw new ApiError('forbidden', "Only the author of a message, or the group's owners and admins, can delete it.");
      }
      if (stored.deletedAt) throw new Unchanged(stored);
      const erased = await messages.tombstone(tx, messageId, deletedAt);
      await messages.eraseFromEvents(tx, groupId, erased);
      const message: Message = { ...stored, body: null, mentions: [], reactions: [], deletedAt };
      const event: GroupEvent = { type: 'message.deleted', groupId, seq: seq!, message };
      await events.storeEvent(tx, event, deletedAt);
      return { result: message, notifications: [toGroup(groupId, event)], subscriptions: [] };
    });
  }
}

/**
 * The message, read as `viewerId` sees it, when it belongs to the group. Called after the group's lock is
 * taken, so it is the message as it stays until the transaction ends.
 */
export async function messageInGroup(tx: ManagedTransaction, groupId: string, messageId: string, viewerId: string): Promise<Message> {
  const message = await messages.findMessage(tx, parseUuid(messageId, 'messageId'), viewerId);
  if (message?.groupId !== groupId) throw new ApiError('not_found', `There is no message ${messageId} in this group.`);
  return message;
}

/** The refusal to change a deleted message; `action` completes "You cannot …". */
export function deletedMessage(messageId: string, action: string): ApiError {
  return new ApiError('conflict', `Message ${messageId} was deleted: you cannot ${action} it.`);
}

/** The message as an event carries it to every member: `mine` is each reader's own, so it is false there. */
const forEveryone = (message: Message): Message => ({
  ...message,
  reactions: message.reactions.map((reaction) => ({ ...reaction, mine: false })),
});

/** Mentions name members of the group only. */
async function requireMembers(tx: ManagedTransaction, groupId: string, userIds: string[]): Promise<void> {
  const found = new Set(await members.memberIdsAmong(tx, groupId, userIds));
  const strangers = userIds.filter((id) => !found.has(id));
  if (strangers.length > 0) {
    throw new ApiError('bad_request', `mentions: ${strangers.join(', ')} ${strangers.length === 1 ? 'is not a member' : 'are not members'} of this group; mention members only.`);
  }
}

/** The answer to a post whose id is stored already: the stored message when it is the same post. */
function retried(
  stored: Message,
  wanted: Pick<Message, 'id' | 'groupId' | 'authorId' | 'parentId' | 'body'>,
): Outcome<Message> & { created: boolean } {
  const same =
    stored.groupId === wanted.groupId &&
    stored.authorId === wanted.authorId &&
    stored.parentId === wanted.parentId &&
    // Once edited or deleted, the stored body is no longer the posted one.
    (stored.body === wanted.body || stored.editedAt !== null || stored.deletedAt !== null);
  if (!same) {
    throw new ApiError('conflict', `Message id ${wanted.id} is taken by another message; choose a new id (a fresh UUID) for a new message.`);
  }
  return { result: stored, created: false, notifications: [], subscriptions: [] };
}

/** The child count a range needs only for `around` (and `last`, which reads below it: below any position will do). */
const UNCOUNTED = Number.MAX_SAFE_INTEGER - 1;

/** The page a query asks for: at most one cursor; none means `fallback`. */
function pageRequest(query: { before?: string; after?: string; around?: string }, fallback: PageRequest): PageRequest {
  const given = [query.before, query.after, query.around].filter((cursor) => cursor !== undefined);
  if (given.length > 1) throw new ApiError('bad_request', 'Give at most one of before, after and around.');
  if (query.before !== undefined) return { before: decodeCursor(query.before, 'before') };
  if (query.after !== undefined) return { after: decodeCursor(query.after, 'after') };
  return fallback;
}
