import type { Driver, ManagedTransaction } from 'neo4j-driver';

/*
 * Unread and mention counts, kept as counters so that `GET /groups` reads a few properties per group (no query
 * per group, no scan of a group's history, no cost that grows with the number of unread messages).
 *
 * A member's unread count is `r.unreadBase + g.posted - r.postedBase` on their MEMBER_OF relationship `r` to the
 * group `g`: `g.posted` counts the messages ever posted in the group (replies and later-deleted ones too), each
 * message keeps its `ordinal` (the value of `g.posted` it was posted as), and `r.postedBase` is how many of them
 * the member's counters already account for. So a post writes the group it has locked anyway, not the membership
 * of every member: per-membership unread counters would make every post in a group of 500 write (and lock) 500
 * relationships while it holds the group's lock, and queue behind every member moving a marker.
 * `r.unreadBase` takes the corrections: a deleted unread message is -1 for each member who had not read it.
 *
 * `r.mentionCount` is a plain counter: a post writes only the memberships of those it mentions; a delete or an
 * edit of a message the member has not read corrects it.
 *
 * A marker moved to `seq` re-bases both: `postedBase` becomes the ordinal of the newest message at or before
 * `seq` (every message up to `seq` is committed: a marker never passes the group's committed `seq`), and the
 * messages after `seq` (those still unread: never more than the unread count) are read once for the deleted
 * ones (`unreadBase`, negative) and the mentions. The membership's lock is taken first, and a delete or an edit
 * takes it before it reads the marker, so a correction lands either before the recount (which then sees the
 * message as it was corrected for) or after it (and applies to what the recount saw).
 *
 * The group's `lastMessageAt` (its newest live message's `createdAt`) is a property as well: a post sets it, a
 * delete reads it again from the index.
 *
 * Each of the member's own posts moves their marker to it, so a member's own messages are never after their
 * marker; the recount still skips them.
 */

/** The listing's expressions of the counts, for `r:MEMBER_OF` to `g:Group`. */
export const UNREAD_COUNT = 'coalesce(r.unreadBase, 0) + coalesce(g.posted, 0) - coalesce(r.postedBase, 0)';
export const MENTION_COUNT = 'coalesce(r.mentionCount, 0)';

/**
 * The part of the post statement that keeps the counters: `g` (locked and with `g.posted` raised by one),
 * `membership` (the author's, whose marker moves to the post), `$authorId` and `$mentions` in scope.
 */
export const POST_COUNTERS = `SET g.lastMessageAt = datetime($createdAt),
         membership.unreadBase = 0, membership.postedBase = g.posted, membership.mentionCount = 0
     WITH *
     CALL (g) {
       MATCH (mentioned:User)-[mention:MEMBER_OF]->(g) WHERE mentioned.id IN $mentions AND mentioned.id <> $authorId
       SET mention.mentionCount = coalesce(mention.mentionCount, 0) + 1
     }`;

/** The counters of a member who joins at the group's current `seq`: nothing unread. */
export const JOIN_COUNTERS = 'unreadBase: 0, postedBase: coalesce(g.posted, 0), mentionCount: 0';

/**
 * Corrects the counts of the members who have not read the message (`id`, not deleted yet, its group locked)
 * before it becomes a tombstone: one unread message less, and one mention less for those it mentions.
 */
export async function uncountDeleted(tx: ManagedTransaction, id: string): Promise<void> {
  await tx.run(
    `MATCH (m:Message {id: $id}) WHERE m.deletedAt IS NULL
     MATCH (u:User)-[r:MEMBER_OF]->(:Group {id: m.groupId})
     WHERE u.id <> m.authorId AND coalesce(r.lastReadSeq, 0) < m.seq
     SET r._lock = true REMOVE r._lock
     WITH m, u, r WHERE coalesce(r.lastReadSeq, 0) < m.seq
     SET r.unreadBase = coalesce(r.unreadBase, 0) - 1,
         r.mentionCount = coalesce(r.mentionCount, 0) - CASE WHEN u.id IN coalesce(m.mentions, []) THEN 1 ELSE 0 END`,
    { id },
  );
}

/** The newest live message's `createdAt` in the group, read backwards on the (groupId, seq) index past deleted ones. */
const NEWEST_LIVE = `head(COLLECT {
           MATCH (newest:Message) WHERE newest.groupId = g.id AND newest.seq > 0 AND newest.deletedAt IS NULL
           RETURN newest.createdAt ORDER BY newest.groupId DESC, newest.seq DESC LIMIT 1
         })`;

/** Sets the group's `lastMessageAt` again after a message of it (`id`, now a tombstone, the group locked) was deleted. */
export async function refreshLastMessageAt(tx: ManagedTransaction, id: string): Promise<void> {
  await tx.run(`MATCH (m:Message {id: $id}) MATCH (g:Group {id: m.groupId}) SET g.lastMessageAt = ${NEWEST_LIVE}`, { id });
}

/**
 * Corrects the mention counts of the members who have not read the message (`id`, its group locked) for an
 * edit that changes its mentions to `mentions`; call before the message is changed.
 */
export async function recountEditedMentions(tx: ManagedTransaction, id: string, mentions: string[]): Promise<void> {
  await tx.run(
    `MATCH (m:Message {id: $id})
     WITH m, coalesce(m.mentions, []) AS before
     MATCH (u:User)-[r:MEMBER_OF]->(:Group {id: m.groupId})
     WHERE (u.id IN before) <> (u.id IN $mentions) AND u.id <> m.authorId AND coalesce(r.lastReadSeq, 0) < m.seq
     SET r._lock = true REMOVE r._lock
     WITH m, u, r, before WHERE coalesce(r.lastReadSeq, 0) < m.seq
     SET r.mentionCount = coalesce(r.mentionCount, 0) + CASE WHEN u.id IN $mentions THEN 1 ELSE -1 END`,
    { id, mentions },
  );
}

/**
 * The part of the marker statement that re-bases the counters of `r` (locked, of `$userId`) whose marker has
 * just moved to `$seq` in the group `$groupId`.
 */
export const MARKER_COUNTERS = `CALL (r) {
       OPTIONAL MATCH (read:Message) WHERE read.groupId = $groupId AND read.seq <= $seq
       WITH read ORDER BY read.groupId DESC, read.seq DESC LIMIT 1
       RETURN coalesce(read.ordinal, 0) AS postedBase
     }
     CALL (r) {
       OPTIONAL MATCH (m:Message) WHERE m.groupId = $groupId AND m.seq > $seq
       WITH m WHERE m IS NULL OR m.authorId <> $userId
       RETURN -count(m.deletedAt) AS unreadBase,
              count(CASE WHEN m.deletedAt IS NULL AND $userId IN coalesce(m.mentions, []) THEN 1 END) AS mentionCount
     }
     SET r.postedBase = postedBase, r.unreadBase = unreadBase, r.mentionCount = mentionCount`;

/**
 * Gives the counters to a store written before they existed: the ordinals of every group's messages, and each
 * membership's counts from its marker. Each group is done in a transaction of its own that holds the group's
 * lock, so posts wait for it; a later run finds nothing left to do (one query over the groups).
 */
export async function addCounters(driver: Driver, database?: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run(
      `MATCH (g:Group) WHERE g.posted IS NULL
       CALL (g) {
         SET g._lock = true REMOVE g._lock
         WITH g
         CALL (g) {
           MATCH (m:Message) WHERE m.groupId = g.id AND m.seq > 0
           WITH m ORDER BY m.groupId, m.seq
           WITH collect(m) AS messages
           UNWIND range(1, size(messages)) AS ordinal
           WITH messages[ordinal - 1] AS m, ordinal
           SET m.ordinal = ordinal
           RETURN count(*) AS posted
         }
         SET g.posted = posted, g.lastMessageAt = ${NEWEST_LIVE}
         WITH g
         MATCH (u:User)-[r:MEMBER_OF]->(g)
         CALL (g, u, r) {
           OPTIONAL MATCH (m:Message) WHERE m.groupId = g.id AND m.seq > coalesce(r.lastReadSeq, 0)
           WITH m WHERE m IS NULL OR (m.deletedAt IS NULL AND m.authorId <> u.id)
           RETURN count(m) AS unread, count(CASE WHEN u.id IN coalesce(m.mentions, []) THEN 1 END) AS mentions
         }
         SET r.unreadBase = unread, r.postedBase = g.posted, r.mentionCount = mentions
       } IN TRANSACTIONS OF 1 ROW`,
    );
  } finally {
    await session.close();
  }
}
