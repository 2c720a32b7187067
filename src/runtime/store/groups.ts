import type { ManagedTransaction } from 'neo4j-driver';
import type { Group, GroupSummary, MyGroup, Role } from '../../contract/model';
import { type GroupRow, toGroup, toGroupRow, toGroupSummary, toNumber } from './mapping';
import { int } from './transactions';
import { JOIN_COUNTERS, MENTION_COUNT, UNREAD_COUNT } from './unread';

/** A group and how the caller stands in it. */
export interface GroupAccess {
  group: GroupRow;
  /** The caller's role; null when the caller is not a member. */
  role: Role | null;
  memberCount: number;
}

export interface NewGroup {
  id: string;
  name: string;
  description: string;
  discoverable: boolean;
  ownerId: string;
  now: string;
}

// Only users are members, so the pattern names no label: Neo4j then reads the group's MEMBER_OF degree instead of
// expanding every membership (one read per group in a listing of 200 groups, not one per member).
const MEMBER_COUNT = 'COUNT { (g)<-[:MEMBER_OF]-() }';

/** Creates the group with its owner as the only member. The owner's User node must exist. */
export async function createGroup(tx: ManagedTransaction, group: NewGroup): Promise<Group> {
  const result = await tx.run(
    `MATCH (u:User {id: $ownerId})
     CREATE (g:Group {id: $id, name: $name, description: $description, discoverable: $discoverable,
                      createdAt: datetime($now), seq: 0, childCount: 0, posted: 0})
     CREATE (u)-[:MEMBER_OF {role: 'owner', since: datetime($now), lastReadSeq: 0, ${JOIN_COUNTERS}}]->(g)
     RETURN g {.*} AS group`,
    group,
  );
  return toGroup(toGroupRow(result.records[0].get('group')), 1, 'owner');
}

/**
 * The group and the user's role in it; null for an unknown group. With `lock`, the group's write lock is
 * taken first, so membership and applications read here stay as read until the transaction ends.
 */
export async function groupAccess(
  tx: ManagedTransaction,
  groupId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<GroupAccess | null> {
  // Setting a property takes the node's write lock until the transaction ends; the property itself is
  // removed again at once. (Not `SET g.seq = g.seq`: it can read seq before waiting for the lock, then
  // write that stale value back over a concurrent writer's increment.)
  const lock = options.lock ? 'SET g._lock = true REMOVE g._lock WITH g' : '';
  const result = await tx.run(
    `MATCH (g:Group {id: $groupId}) ${lock}
     OPTIONAL MATCH (:User {id: $userId})-[r:MEMBER_OF]->(g)
     RETURN g {.*} AS group, r.role AS role, ${MEMBER_COUNT} AS memberCount`,
    { groupId, userId },
  );
  const record = result.records[0];
  if (!record) return null;
  return {
    group: toGroupRow(record.get('group')),
    role: (record.get('role') as Role | null) ?? null,
    memberCount: toNumber(record.get('memberCount')),
  };
}

/** What {@link groupsOf} reads of each group, in this order (see {@link toMyGroup}). */
const MY_GROUP_FIELDS = `[g.id, g.name, g.description, g.discoverable, g.createdAt.epochMillis, g.seq, r.role, ${MEMBER_COUNT},
              coalesce(r.lastReadSeq, 0), ${UNREAD_COUNT}, ${MENTION_COUNT}, g.lastMessageAt.epochMillis]`;

/**
 * The user's groups, newest first, each with the user's unread and mention counts and `lastMessageAt`, in one
 * statement that reads a dozen properties per group and no message: those are kept as counters and properties
 * (unread.ts). It answers one record holding a list of plain values per group, not a record of maps and DateTimes
 * per group: decoding those took most of the time of a listing of 200 groups (bench/groups.ts).
 * (Only groups are the end of a MEMBER_OF, so `g` names no label: a check less per group.)
 */
export async function groupsOf(tx: Pick<ManagedTransaction, 'run'>, userId: string): Promise<MyGroup[]> {
  const result = await tx.run(
    `MATCH (:User {id: $userId})-[r:MEMBER_OF]->(g)
     WITH g, r ORDER BY g.createdAt DESC, g.id
     RETURN collect(${MY_GROUP_FIELDS}) AS groups`,
    { userId },
  );
  return (result.records[0].get('groups') as unknown[][]).map(toMyGroup);
}

const fromEpochMillis = (value: unknown) => new Date(toNumber(value)).toISOString();

/** A row of {@link MY_GROUP_FIELDS}. */
function toMyGroup(row: unknown[]): MyGroup {
  const [id, name, description, discoverable, createdAt, seq, role, memberCount, lastReadSeq, unreadCount, mentionCount, lastMessageAt] = row;
  return {
    id: String(id),
    name: String(name),
    description: String(description),
    discoverable: discoverable === true,
    createdAt: fromEpochMillis(createdAt),
    seq: toNumber(seq),
    memberCount: toNumber(memberCount),
    role: role as Role,
    unreadCount: toNumber(unreadCount),
    mentionCount: toNumber(mentionCount),
    lastReadSeq: toNumber(lastReadSeq),
    lastMessageAt: lastMessageAt == null ? null : fromEpochMillis(lastMessageAt),
  };
}

/** Changes the group's settings; what is undefined stays as it is. The group must exist. */
export async function updateGroup(
  tx: ManagedTransaction,
  groupId: string,
  changes: { name?: string; description?: string; discoverable?: boolean },
): Promise<GroupRow> {
  const result = await tx.run(
    `MATCH (g:Group {id: $groupId})
     SET g.name = coalesce($name, g.name), g.description = coalesce($description, g.description),
         g.discoverable = coalesce($discoverable, g.discoverable)
     RETURN g {.*} AS group`,
    { groupId, name: changes.name ?? null, description: changes.description ?? null, discoverable: changes.discoverable ?? null },
  );
  return toGroupRow(result.records[0].get('group'));
}

/** The ids of the user's groups. */
export async function groupIdsOf(tx: ManagedTransaction, userId: string): Promise<string[]> {
  const result = await tx.run('MATCH (:User {id: $userId})-[:MEMBER_OF]->(g:Group) RETURN g.id AS id', { userId });
  return result.records.map((record) => record.get('id') as string);
}

/** The `seq` each of the user's groups has reached, by group id. */
export async function latestSeqsOf(tx: ManagedTransaction, userId: string): Promise<Record<string, number>> {
  const result = await tx.run('MATCH (:User {id: $userId})-[:MEMBER_OF]->(g:Group) RETURN g.id AS id, g.seq AS seq', { userId });
  return Object.fromEntries(result.records.map((record) => [record.get('id') as string, toNumber(record.get('seq'))]));
}

/** Discoverable groups whose name or description contains the text, ignoring case. */
export async function searchGroups(tx: ManagedTransaction, text: string, limit: number): Promise<GroupSummary[]> {
  const result = await tx.run(
    `MATCH (g:Group {discoverable: true})
     WHERE toLower(g.name) CONTAINS $text OR toLower(g.description) CONTAINS $text
     RETURN g {.id, .name, .description} AS group, ${MEMBER_COUNT} AS memberCount
     ORDER BY toLower(g.name), g.id
     LIMIT $limit`,
    { text: text.toLowerCase(), limit: int(limit) },
  );
  return result.records.map((record) => toGroupSummary(record.get('group'), record.get('memberCount')));
}

/** The ids of the group's owners and admins: who decides on applications. */
export async function managerIds(tx: ManagedTransaction, groupId: string): Promise<string[]> {
  const result = await tx.run(
    `MATCH (u:User)-[r:MEMBER_OF]->(:Group {id: $groupId})
     WHERE r.role IN ['owner', 'admin']
     RETURN u.id AS id ORDER BY id`,
    { groupId },
  );
  return result.records.map((record) => record.get('id') as string);
}
