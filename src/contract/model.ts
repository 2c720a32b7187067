import * as z from 'zod';

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

export const Message = z
  .object({
    id: Uuid,
    groupId: Uuid,
    authorId: UserId,
    body: z.string(),
    createdAt: Timestamp,
    /** The message this one replies to; null for a top-level message. */
    parentId: Uuid.nullable(),
    /** 1, 2, 3, … among the children of the same parent, in order of posting. */
    position: z.number().int(),
    seq: z.number().int(),
    replyCount: z.number().int(),
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
