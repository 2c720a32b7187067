import type { ManagedTransaction } from 'neo4j-driver';
import type { Member, Role } from '../../contract/model';
import { toMember, toNumber } from './mapping';
import { JOIN_COUNTERS } from './unread';

/** The group's members, longest-standing first. */
export async function listMembers(tx: ManagedTransaction, groupId: string): Promise<Member[]> {
  const result = await tx.run(
    `MATCH (u:User)-[r:MEMBER_OF]->(:Group {id: $groupId})
     RETURN u {.*} AS user, r {.*} AS membership
     ORDER BY r.since, u.id`,
    { groupId },
  );
  return result.records.map((record) => toMember(record.get('user'), record.get('membership')));
}

/** The user's membership of the group; null when not a member. */
export async function findMember(tx: ManagedTransaction, groupId: string, userId: string): Promise<Member | null> {
  const result = await tx.run(
    `MATCH (u:User {id: $userId})-[r:MEMBER_OF]->(:Group {id: $groupId})
     RETURN u {.*} AS user, r {.*} AS membership`,
    { groupId, userId },
  );
  const record = result.records[0];
  return record ? toMember(record.get('user'), record.get('membership')) : null;
}

/**
 * Makes the user a member of the group, with the read marker at the group's `seq` as of joining: what came
 * before is not unread. Both nodes must exist; the user must not be a member yet.
 */
export async function addMember(
  tx: ManagedTransaction,
  membership: { groupId: string; userId: string; role: Role; now: string },
): Promise<Member> {
  const result = await tx.run(
    `MATCH (u:User {id: $userId}), (g:Group {id: $groupId})
     CREATE (u)-[r:MEMBER_OF {role: $role, since: datetime($now), lastReadSeq: g.seq, ${JOIN_COUNTERS}}]->(g)
     RETURN u {.*} AS user, r {.*} AS membership`,
    membership,
  );
  return toMember(result.records[0].get('user'), result.records[0].get('membership'));
}

/** Ends the user's membership of the group. */
export async function deleteMember(tx: ManagedTransaction, groupId: string, userId: string): Promise<void> {
  await tx.run('MATCH (:User {id: $userId})-[r:MEMBER_OF]->(:Group {id: $groupId}) DELETE r', { groupId, userId });
}

/** Changes a member's role. */
export async function updateRole(tx: ManagedTransaction, groupId: string, userId: string, role: Role): Promise<Member> {
  const result = await tx.run(
    `MATCH (u:User {id: $userId})-[r:MEMBER_OF]->(:Group {id: $groupId})
     SET r.role = $role
     RETURN u {.*} AS user, r {.*} AS membership`,
    { groupId, userId, role },
  );
  return toMember(result.records[0].get('user'), result.records[0].get('membership'));
}

/** How many owners the group has. */
export async function ownerCount(tx: ManagedTransaction, groupId: string): Promise<number> {
  const result = await tx.run(
    `MATCH (:User)-[r:MEMBER_OF {role: 'owner'}]->(:Group {id: $groupId}) RETURN count(r) AS owners`,
    { groupId },
  );
  return toNumber(result.records[0].get('owners'));
}

/** Those of `userIds` who are members of the group. */
export async function memberIdsAmong(tx: ManagedTransaction, groupId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const result = await tx.run(
    `MATCH (u:User)-[:MEMBER_OF]->(:Group {id: $groupId}) WHERE u.id IN $userIds RETURN u.id AS id`,
    { groupId, userIds },
  );
  return result.records.map((record) => record.get('id') as string);
}
