import { isDateTime, isInt } from 'neo4j-driver';
import type { Application, ApplicationStatus, Group, GroupSummary, Member, Message, Role, User } from '../../contract/model';

/*
 * Rows come back from Cypher map projections (`n {.*}`): Neo4j Integers, DateTimes and missing
 * properties. This module is the one place that turns them into the contract's plain JSON types.
 */

/** A row of properties as Cypher returns it. */
export type Row = Record<string, unknown>;

/** A Neo4j Integer (or a plain number) as a JavaScript number. */
export function toNumber(value: unknown): number {
  if (isInt(value)) return value.toNumber();
  if (typeof value === 'number') return value;
  throw new TypeError(`expected an integer from Neo4j, got ${typeof value}`);
}

/** A Neo4j DateTime as an ISO 8601 string in UTC, with milliseconds. */
export function toIso(value: unknown): string {
  if (isDateTime(value)) return value.toStandardDate().toISOString();
  throw new TypeError(`expected a DateTime from Neo4j, got ${typeof value}`);
}

const optionalIso = (value: unknown) => (value == null ? null : toIso(value));
const optionalString = (value: unknown) => (value == null ? null : String(value));

export function toUser(row: Row): User {
  return { id: String(row.id), email: String(row.email), name: String(row.name), picture: optionalString(row.picture) };
}

/** The stored properties of a group, before the caller's view of it is added. */
export interface GroupRow {
  id: string;
  name: string;
  description: string;
  discoverable: boolean;
  createdAt: string;
  seq: number;
  /** The number of top-level messages: the last top-level position. */
  childCount: number;
}

export function toGroupRow(row: Row): GroupRow {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    discoverable: row.discoverable === true,
    createdAt: toIso(row.createdAt),
    seq: toNumber(row.seq),
    childCount: toNumber(row.childCount),
  };
}

export function toGroup(group: GroupRow, memberCount: number, role: Role): Group {
  const { childCount: _childCount, ...visible } = group;
  return { ...visible, memberCount, role };
}

export function toGroupSummary(row: Row, memberCount: unknown): GroupSummary {
  return { id: String(row.id), name: String(row.name), description: String(row.description), memberCount: toNumber(memberCount) };
}

export function toMember(user: Row, membership: Row): Member {
  return { user: toUser(user), role: membership.role as Role, since: toIso(membership.since) };
}

export function toApplication(application: Row, applicant: Row): Application {
  return {
    id: String(application.id),
    groupId: String(application.groupId),
    applicant: toUser(applicant),
    status: application.status as ApplicationStatus,
    message: optionalString(application.message),
    createdAt: toIso(application.createdAt),
    decidedAt: optionalIso(application.decidedAt),
    decidedBy: optionalString(application.decidedBy),
    reason: optionalString(application.reason),
  };
}

/**
 * A message from its properties: reaction counts are kept on the node as two lists side by side
 * (`reactionEmojis`, `reactionCounts`); `mine` names the emoji the viewer reacted with.
 */
export function toMessage(row: Row, mine: unknown[] = []): Message {
  const emojis = ((row.reactionEmojis as unknown[] | null) ?? []).map(String);
  const counts = (row.reactionCounts as unknown[] | null) ?? [];
  return {
    id: String(row.id),
    groupId: String(row.groupId),
    authorId: String(row.authorId),
    body: optionalString(row.body),
    mentions: ((row.mentions as unknown[] | null) ?? []).map(String),
    createdAt: toIso(row.createdAt),
    parentId: optionalString(row.parentId),
    position: toNumber(row.position),
    seq: toNumber(row.seq),
    replyCount: toNumber(row.replyCount),
    editedAt: optionalIso(row.editedAt),
    deletedAt: optionalIso(row.deletedAt),
    reactions: emojis.map((emoji, index) => ({ emoji, count: toNumber(counts[index]), mine: mine.includes(emoji) })),
  };
}
