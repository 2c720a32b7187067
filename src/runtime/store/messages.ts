import type { ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import type { MessageCreated as MessageCreatedSchema } from '../../contract/events';
import type { Message, Role } from '../../contract/model';
import type { Caller } from '../chat/outcome';
import { type GroupRow, type Row, toGroupRow, toMessage, toNumber } from './mapping';
import { int } from './transactions';
import { POST_COUNTERS, recountEditedMentions, refreshLastMessageAt, uncountDeleted } from './unread';
import { claimParameters, UPDATE_CLAIMS } from './users';

type MessageCreated = z.infer<typeof MessageCreatedSchema>;

/*
 * Messages form a tree per group: the children of the Group node are its top-level messages, the children
 * of a Message its replies. A child stores `parentKey` (the group's id, or the parent message's id) and its
 * `position` among its siblings (1, 2, 3, …); pages are range reads on the (parentKey, position) index.
 * The tree lives in these properties only, not in relationships: a relationship to the parent would make
 * the busy parent a dense node, and concurrent posts then deadlock on its relationship-group locks (seen as
 * `DeadlockDetected` retries and a multi-second tail at 16 writers).
 */

/**
 * What a query returns of a message `m`: its properties, and the emoji `$viewerId` reacted with, read from the
 * Reaction index only for a message that has reactions (counts are on the message itself).
 */
const MINE = `CASE WHEN size(coalesce(m.reactionEmojis, [])) = 0 THEN []
       ELSE COLLECT { MATCH (r:Reaction) WHERE r.messageId = m.id AND r.userId = $viewerId RETURN r.emoji } END`;
const MESSAGE_PROJECTION = `m {.*} AS message, ${MINE} AS mine`;

const messageOf = (record: { get(key: string): unknown }) => toMessage(record.get('message') as Row, record.get('mine') as unknown[]);

/** The message with this id, in any group, as `viewerId` sees it; null when there is none. */
export async function findMessage(tx: ManagedTransaction, id: string, viewerId = ''): Promise<Message | null> {
  const result = await tx.run(`MATCH (m:Message {id: $id}) RETURN ${MESSAGE_PROJECTION}`, { id, viewerId });
  const record = result.records[0];
  return record ? messageOf(record) : null;
}

/** A message to post: everything but what {@link postChild} allocates. */
export type NewMessage = Omit<Message, 'position' | 'seq' | 'replyCount'>;

/**
 * Posts a message in one statement: checks that the author is a member, that the id is new, that the
 * parent is in the group and not deleted, and that the mentioned users are members; brings the author's claims up to date (a write only when they changed); then takes
 * the group's next `seq` and the parent's next child position (the group's lock first, always, so writers
 * never wait on each other in a cycle) and creates the message with its `message.created` event. The locks
 * are taken last, so the group is held from there to the commit only: the allocation, the message and the
 * event cost no round trip of their own while it is held. Each increment is a write, so positions and seqs
 * have neither gaps nor duplicates. The author's read marker moves to the message: one's own post is read; the
 * unread and mention counters are kept as unread.ts says (the mentioned members' memberships are written).
 * `parentDeleted` reads the parent again once its lock is held (a deletion may have committed while this
 * post waited): the caller then rolls the transaction back, with no second statement while the lock is held.
 * Null, with nothing written, when a check fails.
 */
export async function postChild(
  tx: ManagedTransaction,
  message: NewMessage,
  author: Caller,
): Promise<{ seq: number; position: number; parentDeleted: boolean } | null> {
  const { parentId } = message;
  const allocate =
    parentId === null
      ? 'SET g.seq = g.seq + 1, g.posted = g.posted + 1, g.childCount = g.childCount + 1 WITH g, membership, g.childCount AS position'
      : 'SET g.seq = g.seq + 1, g.posted = g.posted + 1 SET p.replyCount = p.replyCount + 1 WITH g, membership, p.replyCount AS position';
  // The event's JSON is written with -1 for seq and position and completed once they are allocated: the
  // text `"seq":-1` occurs only where JSON.stringify wrote those numbers (in a string value its quotes are escaped).
  const event: MessageCreated = { type: 'message.created', groupId: message.groupId, seq: -1, message: { ...message, position: -1, seq: -1, replyCount: 0 } };
  const result = await tx.run(
    `MATCH (g:Group {id: $groupId})
     MATCH (u:User {id: $authorId})-[membership:MEMBER_OF]->(g)
     ${parentId === null ? '' : 'MATCH (p:Message {id: $parentId}) WHERE p.groupId = g.id AND p.deletedAt IS NULL'}
     WITH * WHERE NOT EXISTS { MATCH (:Message {id: $id}) }
       AND COUNT { MATCH (mentioned:User)-[:MEMBER_OF]->(g) WHERE mentioned.id IN $mentions } = size($mentions)
     ${UPDATE_CLAIMS}
     ${allocate}
     CREATE (:Message {id: $id, groupId: $groupId, authorId: $authorId, body: $body, mentions: $mentions,
                       createdAt: datetime($createdAt), parentId: $parentId, parentKey: $parentKey, position: position,
                       seq: g.seq, ordinal: g.posted, replyCount: 0})
     CREATE (:Event {groupId: $groupId, seq: g.seq, type: $eventType, createdAt: datetime($createdAt),
                     payload: replace(replace($eventPayload, '"seq":-1', '"seq":' + toString(g.seq)), '"position":-1', '"position":' + toString(position))})
     SET membership.lastReadSeq = CASE WHEN coalesce(membership.lastReadSeq, 0) < g.seq THEN g.seq ELSE membership.lastReadSeq END
     ${POST_COUNTERS}
     RETURN g.seq AS seq, position,
            ${parentId === null ? 'false' : 'EXISTS { MATCH (q:Message {id: $parentId}) WHERE q.deletedAt IS NOT NULL }'} AS parentDeleted`,
    {
      ...message,
      parentKey: parentId ?? message.groupId,
      ...claimParameters(author),
      eventType: event.type,
      eventPayload: JSON.stringify(event),
    },
  );
  const record = result.records[0];
  if (!record) return null;
  return { seq: toNumber(record.get('seq')), position: toNumber(record.get('position')), parentDeleted: record.get('parentDeleted') === true };
}

/** Which children of a parent a page reads: a bounded run of positions, read through the index. */
export type ChildRange =
  | { before: number; limit: number }
  | { after: number; limit: number }
  | { from: number; to: number };

/** How a page statement reads each kind of {@link ChildRange}: a run of positions, in index order. */
const RANGES = {
  before: { where: 'm.position < $before', order: 'm.parentKey DESC, m.position DESC LIMIT $limit' },
  after: { where: 'm.position > $after', order: 'm.parentKey, m.position LIMIT $limit' },
  between: { where: '$from <= m.position <= $to', order: 'm.parentKey, m.position' },
} as const;

/**
 * The page statement of each kind of {@link ChildRange}: in one statement (one round trip), the group, the
 * caller's role in it, the parent message (for replies) and the page as the caller sees it; no row at all,
 * and nothing read, when the caller is not a member or the parent is not in the group. The page is a seek on
 * the (parentKey, position) index that stops after the page, so it costs the same in a thread of any size.
 * The ORDER BY names both index properties: only then does the planner take the index's order and stop early
 * (with `position` alone it reads the whole range and sorts it).
 */
export const CHILD_QUERIES = Object.fromEntries(
  Object.entries(RANGES).map(([kind, { where, order }]) => [
    kind,
    `MATCH (g:Group {id: $groupId})
     MATCH (:User {id: $userId})-[r:MEMBER_OF]->(g)
     OPTIONAL MATCH (p:Message {id: $parentId}) WHERE p.groupId = g.id
     WITH g, r, p WHERE $parentId IS NULL OR p IS NOT NULL
     CALL {
       MATCH (m:Message) WHERE m.parentKey = $parentKey AND ${where}
       WITH m ORDER BY ${order}
       RETURN collect({message: m {.*}, mine: ${MINE}}) AS messages
     }
     RETURN g {.*} AS group, r.role AS role, p {.*} AS parent, messages`,
  ]),
) as Record<keyof typeof RANGES, string>;

/** A page of children, read by a member of the group. */
export interface ChildPage {
  group: GroupRow;
  /** The reader's role. */
  role: Role;
  /** The parent message; null for top-level messages (and only then). */
  parent: Message | null;
  /** The children in the range, by position ascending, as the reader sees them. */
  messages: Message[];
}

/** Reads a page of the parent's children for the user (see {@link CHILD_QUERIES}); null when it may not. */
export async function readChildPage(
  runner: Pick<ManagedTransaction, 'run'>,
  page: { groupId: string; userId: string; parentId: string | null; range: ChildRange },
): Promise<ChildPage | null> {
  const { groupId, userId, parentId, range } = page;
  const [query, parameters] =
    'before' in range
      ? [CHILD_QUERIES.before, { before: int(range.before), limit: int(range.limit) }]
      : 'after' in range
        ? [CHILD_QUERIES.after, { after: int(range.after), limit: int(range.limit) }]
        : [CHILD_QUERIES.between, { from: int(range.from), to: int(range.to) }];
  const result = await runner.run(query, { groupId, userId, viewerId: userId, parentId, parentKey: parentId ?? groupId, ...parameters });
  const record = result.records[0];
  if (!record) return null;
  const messages = (record.get('messages') as { message: Row; mine: unknown[] }[]).map((row) => toMessage(row.message, row.mine));
  const parent = record.get('parent') as Row | null;
  return {
    group: toGroupRow(record.get('group')),
    role: record.get('role') as Role,
    parent: parent ? toMessage(parent, []) : null,
    messages: 'before' in range ? messages.reverse() : messages,
  };
}

/**
 * Sets a new body and mentions; `seq` is the edit's event, kept so that a deletion can erase it. The group must be
 * locked (the mention counts are corrected first).
 */
export async function editMessage(
  tx: ManagedTransaction,
  edit: { id: string; body: string; mentions: string[]; editedAt: string; seq: number },
): Promise<void> {
  await recountEditedMentions(tx, edit.id, edit.mentions);
  await tx.run(
    `MATCH (m:Message {id: $id})
     SET m.body = $body, m.mentions = $mentions, m.editedAt = datetime($editedAt),
         m.editSeqs = coalesce(m.editSeqs, []) + $seq`,
    { ...edit, seq: int(edit.seq) },
  );
}

/**
 * Makes the message a tombstone: body, mentions and reactions erased, `deletedAt` set; its id, author,
 * position and replies stay; the unread and mention counts of those who had not read it lose it (the group must
 * be locked). Returns the seqs of the events that held its body (`message.created` and
 * every `message.updated`), for {@link eraseFromEvents}.
 */
export async function tombstone(tx: ManagedTransaction, id: string, deletedAt: string): Promise<number[]> {
  await uncountDeleted(tx, id);
  const result = await tx.run(
    `MATCH (m:Message {id: $id})
     SET m.body = null, m.mentions = [], m.reactionEmojis = [], m.reactionCounts = [], m.deletedAt = datetime($deletedAt)
     WITH m, [m.seq] + coalesce(m.editSeqs, []) AS seqs
     REMOVE m.editSeqs
     RETURN seqs`,
    { id, deletedAt },
  );
  await tx.run('MATCH (r:Reaction) WHERE r.messageId = $id DELETE r', { id });
  await refreshLastMessageAt(tx, id);
  return (result.records[0]?.get('seqs') as unknown[] | undefined)?.map(toNumber) ?? [];
}

/** Rewrites the stored events at `seqs` so that the message they carry has no body and no mentions left. */
export async function eraseFromEvents(tx: ManagedTransaction, groupId: string, seqs: number[]): Promise<void> {
  const stored = await tx.run(
    'MATCH (e:Event) WHERE e.groupId = $groupId AND e.seq IN $seqs RETURN e.seq AS seq, e.payload AS payload',
    { groupId, seqs: seqs.map(int) },
  );
  const rewritten = stored.records.map((record) => {
    const event = JSON.parse(record.get('payload') as string) as { message?: Record<string, unknown> };
    if (event.message) event.message = { ...event.message, body: null, mentions: [] };
    return { seq: record.get('seq'), payload: JSON.stringify(event) };
  });
  await tx.run(
    `UNWIND $rewritten AS row
     MATCH (e:Event) WHERE e.groupId = $groupId AND e.seq = row.seq
     SET e.payload = row.payload`,
    { groupId, rewritten },
  );
}
