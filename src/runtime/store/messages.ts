import type { ManagedTransaction } from 'neo4j-driver';
import type { MessageCreated } from '../../contract/events';
import type { Message } from '../../contract/model';
import type { z } from 'zod';
import { EVENT_PROPERTIES, eventParameters } from './events';
import { type Row, toMessage, toNumber } from './mapping';
import { int } from './transactions';

/*
 * Messages form a tree per group: the children of the Group node are its top-level messages, the children
 * of a Message its replies. A child stores `parentKey` (the group's id, or the parent message's id) and its
 * `position` among its siblings (1, 2, 3, …); pages are range reads on the (parentKey, position) index.
 * The tree lives in these properties only, not in relationships: a relationship to the parent would make
 * the busy parent a dense node, and concurrent posts then deadlock on its relationship-group locks (seen as
 * `DeadlockDetected` retries and a multi-second tail at 16 writers).
 */

/** The message with this id, in any group; null when there is none. */
export async function findMessage(tx: ManagedTransaction, id: string): Promise<Message | null> {
  const result = await tx.run('MATCH (m:Message {id: $id}) RETURN m {.*} AS message', { id });
  const record = result.records[0];
  return record ? toMessage(record.get('message')) : null;
}

/**
 * Takes the group's next `seq` and the parent's next child position, in this order (the group's lock
 * first, always, so writers never wait on each other in a cycle). Each increment is a write, so the
 * group and the parent stay locked until the transaction ends: positions and seqs have neither gaps
 * nor duplicates. Null when the group, or the parent inside that group, does not exist.
 */
export async function allocateChild(
  tx: ManagedTransaction,
  groupId: string,
  parentId: string | null,
): Promise<{ seq: number; position: number } | null> {
  const query =
    parentId === null
      ? `MATCH (g:Group {id: $groupId})
         SET g.seq = g.seq + 1, g.childCount = g.childCount + 1
         RETURN g.seq AS seq, g.childCount AS position`
      : `MATCH (g:Group {id: $groupId})
         SET g.seq = g.seq + 1
         WITH g
         MATCH (p:Message {id: $parentId}) WHERE p.groupId = g.id
         SET p.replyCount = p.replyCount + 1
         RETURN g.seq AS seq, p.replyCount AS position`;
  const result = await tx.run(query, { groupId, parentId });
  const record = result.records[0];
  return record ? { seq: toNumber(record.get('seq')), position: toNumber(record.get('position')) } : null;
}

/**
 * Stores a message whose seq and position came from {@link allocateChild} in this transaction, with its
 * `message.created` event. A message id that exists already fails the uniqueness constraint.
 */
export async function createMessage(
  tx: ManagedTransaction,
  message: Message,
  event: z.infer<typeof MessageCreated>,
): Promise<void> {
  await tx.run(
    `CREATE (m:Message {id: $id, groupId: $groupId, authorId: $authorId, body: $body, createdAt: datetime($createdAt),
                        parentId: $parentId, parentKey: $parentKey, position: $position, seq: $seq, replyCount: 0})
     CREATE (:Event ${EVENT_PROPERTIES})`,
    {
      ...message,
      parentKey: message.parentId ?? message.groupId,
      position: int(message.position),
      seq: int(message.seq),
      ...eventParameters(event, message.createdAt),
    },
  );
}

/** Which children of a parent a page reads: a bounded run of positions, read through the index. */
export type ChildRange =
  | { before: number; limit: number }
  | { after: number; limit: number }
  | { from: number; to: number };

/**
 * The Cypher of each kind of {@link ChildRange}. Each is a seek on the (parentKey, position) index that
 * stops after the page, so a page costs the same in a thread of any size. The ORDER BY names both index
 * properties: only then does the planner take the index's order and stop early (with `position` alone it
 * reads the whole range and sorts it).
 */
export const CHILD_QUERIES = {
  before: `MATCH (m:Message) WHERE m.parentKey = $parentKey AND m.position < $before
           RETURN m {.*} AS message ORDER BY m.parentKey DESC, m.position DESC LIMIT $limit`,
  after: `MATCH (m:Message) WHERE m.parentKey = $parentKey AND m.position > $after
          RETURN m {.*} AS message ORDER BY m.parentKey, m.position LIMIT $limit`,
  between: `MATCH (m:Message) WHERE m.parentKey = $parentKey AND $from <= m.position <= $to
            RETURN m {.*} AS message ORDER BY m.parentKey, m.position`,
} as const;

/** The parent's children in the range, by position ascending. */
export async function listChildren(tx: ManagedTransaction, parentKey: string, range: ChildRange): Promise<Message[]> {
  const [query, parameters] =
    'before' in range
      ? [CHILD_QUERIES.before, { before: int(range.before), limit: int(range.limit) }]
      : 'after' in range
        ? [CHILD_QUERIES.after, { after: int(range.after), limit: int(range.limit) }]
        : [CHILD_QUERIES.between, { from: int(range.from), to: int(range.to) }];
  const result = await tx.run(query, { parentKey, ...parameters });
  const messages = result.records.map((record) => toMessage(record.get('message') as Row));
  return 'before' in range ? messages.reverse() : messages;
}
