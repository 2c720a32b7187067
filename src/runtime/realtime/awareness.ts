import { ApiError } from '../../contract/errors';
import type { EphemeralEvent } from '../../contract/events';
import type { Audience } from '../chat/outcome';
import type { ConnectionsTable } from './connections-table';
import { type Envelope, envelopeAttributes } from './envelope';
import type { EventPublisher } from './publisher';

/*
 * Typing and presence: ephemeral events that live in the connections table only (never in Neo4j) and go out
 * through the same topic and fan-out as stored events, without a `seq`.
 */

async function publishEphemeral(publisher: EventPublisher, audience: Audience, event: EphemeralEvent): Promise<void> {
  const envelope: Envelope = { audience, event };
  await publisher.publish(JSON.stringify(envelope), envelopeAttributes(envelope));
}

/** Tells the members of `groupIds` (not the user's own connections) that the user came online or went offline. */
export async function announcePresence(
  publisher: EventPublisher,
  userId: string,
  online: boolean,
  groupIds: string[],
): Promise<void> {
  if (groupIds.length === 0) return;
  await publishEphemeral(publisher, { kind: 'groups', groupIds, exceptUserId: userId }, { type: 'presence.changed', userId, online });
}

/** Forgets a closed (or gone) connection; when it was its user's last, the user's groups hear that they went offline. */
export async function closeConnection(connections: ConnectionsTable, publisher: EventPublisher, connectionId: string): Promise<void> {
  const removed = await connections.removeConnection(connectionId);
  if (removed?.lastConnection) await announcePresence(publisher, removed.userId, false, removed.groupIds);
}

/**
 * Announces users whose connections all expired without a `$disconnect` as offline, to the groups
 * `groupIdsOf` names (their connections' subscriptions may be gone by then).
 */
export async function expireStalePresence(
  connections: ConnectionsTable,
  publisher: EventPublisher,
  groupIdsOf: (userId: string) => Promise<string[]>,
): Promise<string[]> {
  const offline = await connections.expirePresence();
  for (const userId of offline) await announcePresence(publisher, userId, false, await groupIdsOf(userId));
  return offline;
}

/**
 * A typing frame from `userId`'s connection: the other members' connections get a `typing` event, at most
 * one per user and group every 3 s (later frames are dropped silently). A connection that is not subscribed
 * to the group (its user is not a member) is `forbidden`.
 */
export async function sendTyping(
  connections: ConnectionsTable,
  publisher: EventPublisher,
  input: { connectionId: string; userId: string; groupId: string },
): Promise<void> {
  const { connectionId, userId, groupId } = input;
  if (!(await connections.isSubscribed(connectionId, groupId))) {
    throw new ApiError('forbidden', 'Only members of this group can type in it.');
  }
  if (!(await connections.takeTypingSlot(userId, groupId))) return;
  await publishEphemeral(publisher, { kind: 'group', groupId, exceptUserId: userId }, { type: 'typing', groupId, userId });
}
