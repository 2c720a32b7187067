import type { z } from 'zod';
import { decodeCursor } from '../../contract/cursor';
import { ApiError } from '../../contract/errors';
import type { MessageCreated } from '../../contract/events';
import { LIMITS } from '../../contract/limits';
import type { Message, Page } from '../../contract/model';
import type { MessagesQuery, RepliesQuery } from '../../contract/requests';
import * as groups from '../store/groups';
import * as messages from '../store/messages';
import type { NewMessage } from '../store/messages';
import { isConstraintViolation, writeTransaction } from '../store/transactions';
import { requireMember } from './authorization';
import { parseLimit, parseMessageBody, parseUuid } from './input';
import { toGroup } from './notifications';
import type { Caller, Outcome } from './outcome';
import { type PageRequest, pageOf, rangeFor } from './paging';
import { ChatUseCase } from './use-case';

/** Threaded messages: posting, and paging top-level messages and replies. */
export class MessageUseCases extends ChatUseCase {
  /**
   * Posts a top-level message or a reply. The id is the client's: posting the same message again returns
   * the stored one with `created: false` (and nothing to notify); the same id with anything else is `conflict`.
   */
  async postMessage(
    caller: Caller,
    groupId: string,
    input: { id: string; body: string; parentId?: string },
  ): Promise<Outcome<Message> & { created: boolean }> {
    const id = parseUuid(input.id, 'id');
    const parentId = input.parentId === undefined ? null : parseUuid(input.parentId, 'parentId');
    const body = parseMessageBody(input.body);
    const createdAt = this.now();
    const wanted: NewMessage = { id, groupId, authorId: caller.id, parentId, body, createdAt };
    try {
      return await writeTransaction(this.target, async (tx) => {
        const slot = await messages.postChild(tx, wanted, caller);
        if (slot) {
          const message: Message = { ...wanted, ...slot, replyCount: 0 };
          const event: z.infer<typeof MessageCreated> = { type: 'message.created', groupId, seq: slot.seq, message };
          return { result: message, created: true, notifications: [toGroup(groupId, event)], subscriptions: [] };
        }
        // Nothing was written: say why.
        requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'post messages');
        const stored = await messages.findMessage(tx, id);
        if (stored) return retried(stored, wanted);
        throw new ApiError('not_found', `There is no message ${parentId} in this group to reply to.`);
      });
    } catch (error) {
      // A concurrent post of the same id committed first: answer as a retry would have been answered.
      if (!isConstraintViolation(error)) throw error;
      const stored = await this.read((tx) => messages.findMessage(tx, id));
      if (!stored) throw error;
      return retried(stored, wanted);
    }
  }

  /** One page of the group's top-level messages; without a cursor, the newest page. */
  async listMessages(caller: Caller, groupId: string, query: MessagesQuery): Promise<Page<Message>> {
    const request = pageRequest(query, { last: true });
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    return this.read(async (tx) => {
      const { group } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its messages');
      const items = await messages.listChildren(tx, groupId, rangeFor(request, limit, group.childCount));
      return pageOf(request, items, group.childCount);
    });
  }

  /** One page of a message's direct replies; without a cursor, the first page; `around` centres a reply. */
  async listReplies(caller: Caller, groupId: string, messageId: string, query: RepliesQuery): Promise<Page<Message>> {
    const around = query.around === undefined ? undefined : parseUuid(query.around, 'around');
    const request = pageRequest(query, { first: true });
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    return this.read(async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its messages');
      const parent = await messages.findMessage(tx, messageId);
      if (parent?.groupId !== groupId) throw new ApiError('not_found', `There is no message ${messageId} in this group.`);
      let wanted = request;
      if (around !== undefined) {
        const anchor = await messages.findMessage(tx, around);
        if (anchor?.parentId !== messageId) {
          throw new ApiError('not_found', `There is no reply ${around} to message ${messageId}.`);
        }
        wanted = { around: anchor.position };
      }
      const items = await messages.listChildren(tx, messageId, rangeFor(wanted, limit, parent.replyCount));
      return pageOf(wanted, items, parent.replyCount);
    });
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
    stored.body === wanted.body;
  if (!same) {
    throw new ApiError('conflict', `Message id ${wanted.id} is taken by another message; choose a new id (a fresh UUID) for a new message.`);
  }
  return { result: stored, created: false, notifications: [], subscriptions: [] };
}

/** The page a query asks for: at most one cursor; none means `fallback`. */
function pageRequest(query: { before?: string; after?: string; around?: string }, fallback: PageRequest): PageRequest {
  const given = [query.before, query.after, query.around].filter((cursor) => cursor !== undefined);
  if (given.length > 1) throw new ApiError('bad_request', 'Give at most one of before, after and around.');
  if (query.before !== undefined) return { before: decodeCursor(query.before, 'before') };
  if (query.after !== undefined) return { after: decodeCursor(query.after, 'after') };
  return fallback;
}
