import * as z from 'zod';
import { LIMITS } from './limits';

/** Ids chosen by the server or by the client are UUIDs; user ids are the token's `sub` (any non-empty text). */
export const Uuid = z.uuid();
export const UserId = z.string().min(1).max(128);
const Timestamp = z.iso.datetime().describe('ISO 8601 time in UTC');

export const Role = z.enum(['owner', 'admin', 'member']).meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;

export const User = z
  .object({
    id: UserId,
    email: z.string(),
    name: z.string(),
    picture: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** A group as its members see it. */
export const Group = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string(),
    discoverable: z.boolean(),
    createdAt: Timestamp,
    memberCount: z.number().int(),
    /** The newest event's sequence number; a client that has seen less catches up from `/events`. */
    seq: z.number().int(),
    /** The caller's role in the group. */
    role: Role,
  })
  .meta({ id: 'Group' });
export type Group = z.infer<typeof Group>;

/** A group in the caller's list (`GET /groups`): the group with the caller's reading state. */
export const MyGroup = Group.extend({
  /** Messages and replies by others after the caller's read marker that are not deleted. */
  unreadCount: z.number().int(),
  /** Of the unread messages, those that mention the caller. */
  mentionCount: z.number().int(),
  /** The `seq` up to which the caller has read (`PUT /groups/{groupId}/read-marker`). */
  lastReadSeq: z.number().int(),
  /** When the newest message that is not deleted was posted; null when there is none. */
  lastMessageAt: Timestamp.nullable(),
}).meta({ id: 'MyGroup' });
export type MyGroup = z.infer<typeof MyGroup>;

/** A group as every member sees it (in `group.updated`): the group without a caller's role. */
export const GroupDetails = Group.omit({ role: true }).meta({ id: 'GroupDetails' });
export type GroupDetails = z.infer<typeof GroupDetails>;

/** What anyone may see of a discoverable group: no members, no messages. */
export const GroupSummary = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string(),
    memberCount: z.number().int(),
  })
  .meta({ id: 'GroupSummary' });
export type GroupSummary = z.infer<typeof GroupSummary>;

export const Member = z
  .object({
    user: User,
    role: Role,
    since: Timestamp,
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof Member>;

/** A member in `GET /groups/{groupId}/members`: with whether the member has a live connection. */
export const MemberWithPresence = Member.extend({ online: z.boolean() }).meta({ id: 'MemberWithPresence' });
export type MemberWithPresence = z.infer<typeof MemberWithPresence>;

/** The caller's read marker in a group. */
export const ReadMarker = z.object({ lastReadSeq: z.number().int() }).meta({ id: 'ReadMarker' });
export type ReadMarker = z.infer<typeof ReadMarker>;

export const ApplicationStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']).meta({ id: 'ApplicationStatus' });
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const Application = z
  .object({
    id: Uuid,
    groupId: Uuid,
    applicant: User,
    status: ApplicationStatus,
    message: z.string().nullable(),
    createdAt: Timestamp,
    decidedAt: Timestamp.nullable(),
    /** The user who approved or rejected; the applicant for a withdrawal. */
    decidedBy: UserId.nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof Application>;

/** The length of `text` in UTF-8 (without `TextEncoder`, which React Native and the DOM-less build lack). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

// RegExp's `v` flag and `\p{RGI_Emoji}` (ES2024) match one whole emoji sequence.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/**
 * A reaction: one grapheme of Unicode emoji (an RGI emoji sequence: skin tones, flags and families are one),
 * at most `LIMITS.emojiBytes` in UTF-8.
 */
export const Emoji = z
  .string()
  .refine((text) => utf8Bytes(text) <= LIMITS.emojiBytes, {
    message: `must be at most ${LIMITS.emojiBytes} bytes in UTF-8`,
    abort: true,
  })
  .refine((text) => ONE_EMOJI.test(text), 'must be exactly one emoji (such as 👍 or 👍🏽), URL-encoded in the path');
/** How many members reacted to a message with one emoji, and whether the caller is one of them. */
export const Reaction = z
  .object({
    emoji: z.string(),
    count: z.number().int(),
    /** The caller reacted with this emoji. Always false in pushed events (they go to everyone). */
    mine: z.boolean(),
  })
  .meta({ id: 'Reaction' });
export type Reaction = z.infer<typeof Reaction>;

/**
 * Who reacted to a message with one emoji (`GET …/messages/{messageId}/reactions`): `count` people, of whom `users`
 * names the first {@link LIMITS}.reactorsListed by name.
 */
export const ReactionUsers = z
  .object({
    emoji: z.string(),
    count: z.number().int(),
    users: z.array(z.object({ id: UserId, name: z.string() })),
  })
  .meta({ id: 'ReactionUsers' });
export type ReactionUsers = z.infer<typeof ReactionUsers>;

export const Message = z
  .object({
    id: Uuid,
    groupId: Uuid,
    authorId: UserId,
    /** Null once the message is deleted. */
    body: z.string().nullable(),
    /** Users mentioned in the message (members when it was posted or edited); empty once deleted. */
    mentions: z.array(UserId),
    createdAt: Timestamp,
    /** The message this one replies to; null for a top-level message. */
    parentId: Uuid.nullable(),
    /** 1, 2, 3, … among the children of the same parent, in order of posting. */
    position: z.number().int(),
    seq: z.number().int(),
    replyCount: z.number().int(),
    /** When the author last edited it. */
    editedAt: Timestamp.nullable(),
    /** When it was deleted: the message is a tombstone, kept for its position and its replies. */
    deletedAt: Timestamp.nullable(),
    /** Counts per emoji, in the order the emoji were first used; empty once deleted. */
    reactions: z.array(Reaction),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

/**
 * One page of an ordered list, oldest first. `prev` and `next` are opaque cursors for the pages before
 * and after it (pass them as `before` and `after`); null when there is nothing there yet.
 */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      prev: z.string().nullable(),
      next: z.string().nullable(),
    })
    .meta({ id });
}
export interface Page<T> {
  items: T[];
  prev: string | null;
  next: string | null;
}

export const MessagePage = pageOf(Message, 'MessagePage');
