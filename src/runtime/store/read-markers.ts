import type { ManagedTransaction } from 'neo4j-driver';
import { toNumber } from './mapping';
import { int } from './transactions';

/*
 * A member's read marker is `lastReadSeq` on their MEMBER_OF relationship: the `seq` of the newest group event
 * they have seen. It starts at the `seq` of their joining and only ever moves forward.
 */

/**
 * Moves the user's marker in the group to `seq` unless it is there or further already; null when the user
 * is not a member. The relationship's write lock is taken before the marker is read, so two devices moving
 * it at once end at the larger of their values.
 */
export async function moveReadMarker(
  tx: ManagedTransaction,
  groupId: string,
  userId: string,
  seq: number,
): Promise<{ lastReadSeq: number; moved: boolean } | null> {
  const result = await tx.run(
    `MATCH (:User {id: $userId})-[r:MEMBER_OF]->(:Group {id: $groupId})
     SET r._lock = true REMOVE r._lock
     WITH r, coalesce(r.lastReadSeq, 0) < $seq AS moved
     SET r.lastReadSeq = CASE WHEN moved THEN $seq ELSE coalesce(r.lastReadSeq, 0) END
     RETURN r.lastReadSeq AS lastReadSeq, moved`,
    { groupId, userId, seq: int(seq) },
  );
  const record = result.records[0];
  return record ? { lastReadSeq: toNumber(record.get('lastReadSeq')), moved: record.get('moved') === true } : null;
}
