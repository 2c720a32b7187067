import type { ManagedTransaction } from 'neo4j-driver';
import { toNumber } from './mapping';
import { int } from './transactions';
import { MARKER_COUNTERS } from './unread';

/*
 * A member's read marker is `lastReadSeq` on their MEMBER_OF relationship: the `seq` of the newest group event
 * they have seen. It starts at the `seq` of their joining and only ever moves forward.
 */

/**
 * Moves the user's marker in the group to `seq` unless it is there or further already; null when the user
 * is not a member. The relationship's write lock is taken before the marker is read, so two devices moving
 * it at once end at the larger of their values. A marker that moves re-bases the unread and mention counters
 * (unread.ts).
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
     WITH r, moved
     CALL (r, moved) {
       WITH r, moved WHERE moved
       ${MARKER_COUNTERS}
     }
     RETURN r.lastReadSeq AS lastReadSeq, moved`,
    { groupId, userId, seq: int(seq) },
  );
  const record = result.records[0];
  return record ? { lastReadSeq: toNumber(record.get('lastReadSeq')), moved: record.get('moved') === true } : null;
}
