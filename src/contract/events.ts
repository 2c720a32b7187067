import * as z from 'zod';
import { Application, Group, GroupDetails, Member, Message, UserId, Uuid } from './model';

/*
 * Events that the server pushes over the WebSocket. Group events (`message.created`, `message.updated`,
 * `message.deleted`, `reaction.added`, `reaction.removed`, `member.joined`, `member.removed`, `group.updated`,
 * `member.role_changed`) carry the group's `seq`: consecutive numbers, so a gap tells the client to catch up
 * from `GET /groups/{groupId}/events?afterSeq=`. Application events concern only the applicant and the
 * group's owner and admins, and carry no `seq`.
 */

export const MessageCreated = z
  .object({ type: z.literal('message.created'), groupId: Uuid, seq: z.number().int(), message: Message })
  .meta({ id: 'MessageCreatedEvent' });

export const MemberJoined = z
  .object({ type: z.literal('member.joined'), groupId: Uuid, seq: z.number().int(), member: Member })
  .meta({ id: 'MemberJoinedEvent' });

export const MemberRemoved = z
  .object({
    type: z.literal('member.removed'),
    groupId: Uuid,
    seq: z.number().int(),
    userId: UserId,
    /** Who removed the member; the member itself when it left. */
    by: UserId,
  })
  .meta({ id: 'MemberRemovedEvent' });

export const MessageUpdated = z
  .object({ type: z.literal('message.updated'), groupId: Uuid, seq: z.number().int(), message: Message })
  .meta({ id: 'MessageUpdatedEvent' });

/** `message` is the tombstone: `body` null, `mentions` and `reactions` empty, `deletedAt` set. */
export const MessageDeleted = z
  .object({ type: z.literal('message.deleted'), groupId: Uuid, seq: z.number().int(), message: Message })
  .meta({ id: 'MessageDeletedEvent' });

const reactionEvent = <T extends string>(type: T, id: string) =>
  z
    .object({
      type: z.literal(type),
      groupId: Uuid,
      seq: z.number().int(),
      messageId: Uuid,
      emoji: z.string(),
      /** Who reacted (or took the reaction back). */
      userId: UserId,
      /** The message's count of this emoji after the change. */
      count: z.number().int(),
    })
    .meta({ id });

export const ReactionAdded = reactionEvent('reaction.added', 'ReactionAddedEvent');
export const ReactionRemoved = reactionEvent('reaction.removed', 'ReactionRemovedEvent');

export const GroupUpdated = z
  .object({ type: z.literal('group.updated'), groupId: Uuid, seq: z.number().int(), group: GroupDetails })
  .meta({ id: 'GroupUpdatedEvent' });

export const MemberRoleChanged = z
  .object({
    type: z.literal('member.role_changed'),
    groupId: Uuid,
    seq: z.number().int(),
    /** The member with the new role. */
    member: Member,
    /** Who changed it. */
    by: UserId,
  })
  .meta({ id: 'MemberRoleChangedEvent' });

export const GroupEvent = z
  .discriminatedUnion('type', [
    MessageCreated,
    MemberJoined,
    MemberRemoved,
    MessageUpdated,
    MessageDeleted,
    ReactionAdded,
    ReactionRemoved,
    GroupUpdated,
    MemberRoleChanged,
  ])
  .meta({ id: 'GroupEvent' });
export type GroupEvent = z.infer<typeof GroupEvent>;

const applicationEvent = <T extends string>(type: T, id: string) =>
  z.object({ type: z.literal(type), groupId: Uuid, application: Application }).meta({ id });

export const ApplicationCreated = applicationEvent('application.created', 'ApplicationCreatedEvent');
export const ApplicationApproved = applicationEvent('application.approved', 'ApplicationApprovedEvent');
export const ApplicationRejected = applicationEvent('application.rejected', 'ApplicationRejectedEvent');

export const ApplicationEvent = z.discriminatedUnion('type', [
  ApplicationCreated,
  ApplicationApproved,
  ApplicationRejected,
]);
export type ApplicationEvent = z.infer<typeof ApplicationEvent>;

/**
 * Sent in place of a group event too large for one WebSocket message: the client fetches the event
 * with `GET /groups/{groupId}/events?afterSeq={seq - 1}`.
 */
export const EventPointer = z
  .object({ type: z.literal('event.pointer'), groupId: Uuid, seq: z.number().int(), eventType: z.string() })
  .meta({ id: 'EventPointer' });

/*
 * Ephemeral events: never stored and without `seq`, so they neither fill nor open gaps. A client that misses
 * one (offline, reconnecting) reads the state over REST instead.
 */

/** To the caller's own connections: the caller's read marker in the group moved (e.g. on another device). */
export const ReadMarkerUpdated = z
  .object({ type: z.literal('read_marker.updated'), groupId: Uuid, lastReadSeq: z.number().int() })
  .meta({ id: 'ReadMarkerUpdatedEvent' });

/** To the other members' connections: the user is typing in the group (show it for about 5 s). */
export const Typing = z
  .object({ type: z.literal('typing'), groupId: Uuid, userId: UserId })
  .meta({ id: 'TypingEvent' });

/** To the members of the user's groups: the user's first connection opened, or the last one closed. */
export const PresenceChanged = z
  .object({ type: z.literal('presence.changed'), userId: UserId, online: z.boolean() })
  .meta({ id: 'PresenceChangedEvent' });

/**
 * To the creator's own connections (every device, the one that created it too): the caller created the group, so
 * a device other than the creating one lists it at once. A device that misses it reads `GET /groups` again.
 */
export const GroupCreated = z
  .object({ type: z.literal('group.created'), groupId: Uuid, group: Group })
  .meta({ id: 'GroupCreatedEvent' });

export const EphemeralEvent = z.discriminatedUnion('type', [ReadMarkerUpdated, Typing, PresenceChanged, GroupCreated]);
export type EphemeralEvent = z.infer<typeof EphemeralEvent>;

export const ServerEvent = z.union([GroupEvent, ApplicationEvent, EphemeralEvent, EventPointer]);
export type ServerEvent = z.infer<typeof ServerEvent>;
export type ServerEventType = ServerEvent['type'];

/** One page of group events for catch-up, in `seq` order. `hasMore` says whether to ask again. */
export const EventPage = z
  .object({ items: z.array(GroupEvent), hasMore: z.boolean(), latestSeq: z.number().int() })
  .meta({ id: 'EventPage' });
export type EventPage = z.infer<typeof EventPage>;
