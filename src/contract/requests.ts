import * as z from 'zod';
import { LIMITS } from './limits';
import { ApplicationStatus, Emoji, UserId, Uuid } from './model';
import { text } from './text';

const trimmed = (max: number, multiline = true) => text({ multiline }).trim().max(max, `must be at most ${max} characters`);

export const CreateGroupBody = z
  .object({
    name: trimmed(LIMITS.groupNameChars, false).min(1, 'must not be empty'),
    description: trimmed(LIMITS.groupDescriptionChars).default(''),
    discoverable: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'CreateGroupBody' });
export type CreateGroupBody = z.input<typeof CreateGroupBody>;

export const UpdateGroupBody = z
  .object({
    name: trimmed(LIMITS.groupNameChars).min(1, 'must not be empty').optional(),
    description: trimmed(LIMITS.groupDescriptionChars).optional(),
    discoverable: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one of name, description and discoverable')
  .meta({ id: 'UpdateGroupBody' });
export type UpdateGroupBody = z.input<typeof UpdateGroupBody>;

/** The roles the role route can give; ownership changes hands only through `POST /groups/{groupId}/owner`. */
export const AssignableRole = z.enum(['admin', 'member'], {
  error: 'must be "admin" or "member"; hand ownership over with POST /groups/{groupId}/owner',
});

export const SetRoleBody = z.object({ role: AssignableRole }).strict().meta({ id: 'SetRoleBody' });
export type SetRoleBody = z.input<typeof SetRoleBody>;

export const TransferOwnershipBody = z
  .object({ userId: UserId.describe('the member who becomes the owner') })
  .strict()
  .meta({ id: 'TransferOwnershipBody' });
export type TransferOwnershipBody = z.input<typeof TransferOwnershipBody>;

export const ReadMarkerBody = z
  .object({ seq: z.number().int('must be a whole number').min(0).describe('the `seq` of the newest event the caller has seen') })
  .strict()
  .meta({ id: 'ReadMarkerBody' });
export type ReadMarkerBody = z.input<typeof ReadMarkerBody>;

export const ApplyBody = z
  .object({ message: trimmed(LIMITS.applicationMessageChars).optional() })
  .strict()
  .meta({ id: 'ApplyBody' });
export type ApplyBody = z.input<typeof ApplyBody>;

export const RejectBody = z
  .object({ reason: trimmed(LIMITS.rejectionReasonChars).optional() })
  .strict()
  .meta({ id: 'RejectBody' });
export type RejectBody = z.input<typeof RejectBody>;

/** A message body: not blank, at most `LIMITS.messageBodyBytes` in UTF-8 (too long is checked as 413). */
export const MessageBody = text({ multiline: true }).refine((body) => body.trim().length > 0, 'must not be blank');

/** Users a message mentions: members of the group, each once, at most `LIMITS.mentionsPerMessage`. */
export const Mentions = z
  .array(UserId)
  .max(LIMITS.mentionsPerMessage, `may name at most ${LIMITS.mentionsPerMessage} users`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a user twice')
  .describe('user ids of members the message mentions');

export const PostMessageBody = z
  .object({
    id: Uuid.describe('chosen by the client (a UUID); posting the same id again returns the stored message'),
    body: MessageBody,
    parentId: Uuid.optional().describe('the message this one replies to'),
    mentions: Mentions.optional(),
  })
  .strict()
  .meta({ id: 'PostMessageBody' });
export type PostMessageBody = z.input<typeof PostMessageBody>;

export const EditMessageBody = z
  .object({ body: MessageBody, mentions: Mentions.optional() })
  .strict()
  .meta({ id: 'EditMessageBody' });
export type EditMessageBody = z.input<typeof EditMessageBody>;

const limit = z.coerce
  .number()
  .int('must be a whole number')
  .min(1)
  .max(LIMITS.maxPageSize)
  .default(LIMITS.defaultPageSize);

const cursors = { limit, before: z.string().min(1).optional(), after: z.string().min(1).optional() };

/** `before`, `after` and `around` are mutually exclusive; none means the default end of the list. */
const oneCursorAtMost = (query: { before?: string; after?: string; around?: string }) =>
  [query.before, query.after, query.around].filter((cursor) => cursor !== undefined).length <= 1;
const oneCursorMessage = 'give at most one of before, after and around';

export const MessagesQuery = z.object(cursors).strict().refine(oneCursorAtMost, oneCursorMessage);
export type MessagesQuery = z.output<typeof MessagesQuery>;

export const RepliesQuery = z
  .object({ ...cursors, around: Uuid.optional().describe('the id of a reply: the page is centred on it') })
  .strict()
  .refine(oneCursorAtMost, oneCursorMessage);
export type RepliesQuery = z.output<typeof RepliesQuery>;

export const GroupsQuery = z
  .object({ query: trimmed(LIMITS.searchQueryChars, false).min(1, 'must not be empty').optional(), limit })
  .strict();
export type GroupsQuery = z.output<typeof GroupsQuery>;

export const ApplicationsQuery = z.object({ status: ApplicationStatus.default('pending') }).strict();
export type ApplicationsQuery = z.output<typeof ApplicationsQuery>;

export const EventsQuery = z
  .object({ afterSeq: z.coerce.number().int().min(0), limit: limit.default(LIMITS.maxPageSize) })
  .strict();
export type EventsQuery = z.output<typeof EventsQuery>;

export const GroupPath = z.object({ groupId: Uuid });
export const ApplicantPath = z.object({ groupId: Uuid, userId: UserId });
export const MemberPath = z.object({ groupId: Uuid, userId: UserId });
export const MessagePath = z.object({ groupId: Uuid, messageId: Uuid });
export const ReactionPath = z.object({ groupId: Uuid, messageId: Uuid, emoji: Emoji });
