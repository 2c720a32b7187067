import type { ManagedTransaction } from 'neo4j-driver';
import { int } from './transactions';

/*
 * A reaction is `(:Reaction {messageId, userId, emoji})`, unique per (messageId, userId, emoji), so a user's
 * reaction exists once. The message keeps the counts itself (`reactionEmojis` and `reactionCounts`, side by
 * side, in order of first use) so that a page reads them with the message; they are written in the same
 * transaction as the Reaction, under the group's lock, so they stay exact.
 */

/** The message's counts after a change, as the two lists stored on it. */
export interface ReactionCounts {
  emojis: string[];
  counts: number[];
}

/** Who reacted to the message, per emoji: the count and the first `max` users by name (then id). */
export async function reactorsOf(
  tx: ManagedTransaction,
  messageId: string,
  max: number,
): Promise<Map<string, { count: number; users: { id: string; name: string }[] }>> {
  const result = await tx.run(
    `MATCH (r:Reaction) WHERE r.messageId = $messageId
     OPTIONAL MATCH (u:User {id: r.userId})
     WITH r.emoji AS emoji, r.userId AS id, coalesce(u.name, r.userId) AS name
     ORDER BY name, id
     WITH emoji, collect({id: id, name: name}) AS users
     RETURN emoji, size(users) AS count, users[0..$max] AS users`,
    { messageId, max: int(max) },
  );
  return new Map(
    result.records.map((record) => [
      record.get('emoji') as string,
      { count: Number(record.get('count')), users: record.get('users') as { id: string; name: string }[] },
    ]),
  );
}

/** Adds (or, with `present: false`, removes) the user's reaction and stores the message's new counts. */
export async function setReaction(
  tx: ManagedTransaction,
  change: { messageId: string; userId: string; emoji: string; present: boolean },
  after: ReactionCounts,
): Promise<void> {
  const write = change.present
    ? 'CREATE (:Reaction {messageId: $messageId, userId: $userId, emoji: $emoji})'
    : 'MATCH (r:Reaction {messageId: $messageId, userId: $userId, emoji: $emoji}) DELETE r';
  await tx.run(write, change);
  await tx.run('MATCH (m:Message {id: $messageId}) SET m.reactionEmojis = $emojis, m.reactionCounts = $counts', {
    messageId: change.messageId,
    emojis: after.emojis,
    counts: after.counts.map(int),
  });
}
