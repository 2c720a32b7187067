import type { ManagedTransaction } from 'neo4j-driver';
import type { GroupEvent } from '../../contract/events';
import { toNumber } from './mapping';
import { int } from './transactions';

/*
 * Group events are stored as `(:Event {groupId, seq, type, createdAt, payload})`, payload being the event's
 * JSON, under a uniqueness constraint on (groupId, seq): catch-up reads them through its index.
 */

/**
 * Takes the group's next sequence number. The write locks the group until the transaction ends, so the
 * numbers of committed events are consecutive. Null for an unknown group.
 */
export async function nextSeq(tx: ManagedTransaction, groupId: string): Promise<number | null> {
  const result = await tx.run('MATCH (g:Group {id: $groupId}) SET g.seq = g.seq + 1 RETURN g.seq AS seq', { groupId });
  const record = result.records[0];
  return record ? toNumber(record.get('seq')) : null;
}

/** The Cypher parameters that store `event` (see {@link EVENT_PROPERTIES}). */
export function eventParameters(event: GroupEvent, now: string) {
  return {
    eventGroupId: event.groupId,
    eventSeq: int(event.seq),
    eventType: event.type,
    eventAt: now,
    eventPayload: JSON.stringify(event),
  };
}

/** The properties of a stored event, as a Cypher map over {@link eventParameters}. */
export const EVENT_PROPERTIES =
  '{groupId: $eventGroupId, seq: $eventSeq, type: $eventType, createdAt: datetime($eventAt), payload: $eventPayload}';

/** Stores a group event whose `seq` was taken with {@link nextSeq} in the same transaction. */
export async function storeEvent(tx: ManagedTransaction, event: GroupEvent, now: string): Promise<void> {
  await tx.run(`CREATE (:Event ${EVENT_PROPERTIES})`, eventParameters(event, now));
}

/** Up to `limit` events of the group with `seq` above `afterSeq`, in order, and whether more follow. */
export async function eventsAfter(
  tx: ManagedTransaction,
  groupId: string,
  afterSeq: number,
  limit: number,
): Promise<{ items: GroupEvent[]; hasMore: boolean }> {
  // Ordered by both index properties, so the seek returns them in order and stops at the limit.
  const result = await tx.run(
    `MATCH (e:Event) WHERE e.groupId = $groupId AND e.seq > $afterSeq
     RETURN e.payload AS payload ORDER BY e.groupId, e.seq LIMIT $limit`,
    { groupId, afterSeq: int(afterSeq), limit: int(limit + 1) },
  );
  const items = result.records.map((record) => JSON.parse(record.get('payload') as string) as GroupEvent);
  return { items: items.slice(0, limit), hasMore: items.length > limit };
}
