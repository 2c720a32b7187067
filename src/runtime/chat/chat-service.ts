import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import { decodeCursor } from '../../contract/cursor';
import { ApiError } from '../../contract/errors';
import type { EventPage, GroupEvent, MessageCreated } from '../../contract/events';
import { LIMITS } from '../../contract/limits';
import {
  type Application,
  ApplicationStatus,
  type Group,
  type GroupSummary,
  type Member,
  type Message,
  type Page,
  Role,
  type User,
  UserId,
} from '../../contract/model';
import { CreateGroupBody, type MessagesQuery, type RepliesQuery } from '../../contract/requests';
import * as applications from '../store/applications';
import * as events from '../store/events';
import * as groups from '../store/groups';
import { toGroup } from '../store/mapping';
import * as members from '../store/members';
import * as messages from '../store/messages';
import { upsertUser } from '../store/users';
import { isConstraintViolation, readTransaction, type StoreTarget, writeTransaction } from '../store/transactions';
import { checkRemoval, requireGroup, requireManager, requireMember, requireOwner } from './authorization';
import { parseInput, parseLimit, parseMessageBody, parseUuid } from './input';
import { subscribe, toGroup as toGroupAudience, toUsers, unsubscribe } from './notifications';
import type { Caller, Outcome } from './outcome';
import { type PageRequest, pageOf, rangeFor } from './paging';

export type { Audience, Caller, Notification, Outcome, SubscriptionChange } from './outcome';

/** Options of {@link ChatService}. */
export interface ChatServiceOptions {
  /** The Neo4j database. @default - the server's default database */
  database?: string;
  /** The clock. @default - `() => new Date()` */
  now?: () => Date;
}

/**
 * The chat domain: groups, applications, membership and threaded messages on Neo4j, with authorization.
 * Every method is one transaction (a write also creates or updates the caller's User from the claims);
 * a write returns what the runtime must deliver once it has committed.
 */
export class ChatService {
  private readonly target: StoreTarget;
  private readonly clock: () => Date;

  constructor(driver: Driver, options: ChatServiceOptions = {}) {
    this.target = { driver, database: options.database };
    this.clock = options.now ?? (() => new Date());
  }

  /** The caller's profile, created or updated from the token's claims. */
  async me(caller: Caller): Promise<User> {
    return this.write(caller, async (_tx, user) => user);
  }

  /** Creates a group; the caller becomes its owner and is subscribed to it. */
  async createGroup(caller: Caller, body: z.output<typeof CreateGroupBody>): Promise<Outcome<Group>> {
    const { name, description, discoverable } = parseInput(CreateGroupBody, body, 'group');
    const id = randomUUID();
    const now = this.now();
    const group = await this.write(caller, (tx) =>
      groups.createGroup(tx, { id, name, description, discoverable, ownerId: caller.id, now }),
    );
    return { result: group, notifications: [], subscriptions: [subscribe(caller.id, id)] };
  }

  /** The caller's groups, newest first. */
  async listMyGroups(caller: Caller): Promise<Group[]> {
    return this.read((tx) => groups.groupsOf(tx, caller.id));
  }

  /** Discoverable groups whose name or description contains `text` (ignoring case). */
  async searchGroups(_caller: Caller, text: string, limit: number): Promise<GroupSummary[]> {
    const query = typeof text === 'string' ? text.trim() : '';
    if (query.length === 0 || query.length > LIMITS.searchQueryChars) {
      throw new ApiError('bad_request', `query must be 1 to ${LIMITS.searchQueryChars} characters.`);
    }
    const pageSize = parseLimit(limit);
    return this.read((tx) => groups.searchGroups(tx, query, pageSize));
  }

  /** The group for its members; its summary for others when it is discoverable. */
  async getGroup(caller: Caller, groupId: string): Promise<Group | GroupSummary> {
    const access = await this.read((tx) => groups.groupAccess(tx, groupId, caller.id));
    if (access && !access.role && access.group.discoverable) {
      const { id, name, description } = access.group;
      return { id, name, description, memberCount: access.memberCount };
    }
    const { group, memberCount, role } = requireMember(access, groupId, 'see it');
    return toGroup(group, memberCount, role);
  }

  /** Applies to join the group; its owners and admins are told. */
  async apply(caller: Caller, groupId: string, message?: string): Promise<Outcome<Application>> {
    const note = message?.trim() ? message.trim() : null;
    if (note !== null && note.length > LIMITS.applicationMessageChars) {
      throw new ApiError('bad_request', `message must be at most ${LIMITS.applicationMessageChars} characters.`);
    }
    const id = randomUUID();
    const now = this.now();
    return this.write(caller, async (tx) => {
      const access = requireGroup(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId);
      if (access.role) throw new ApiError('conflict', `You are already a member of this group (as ${access.role}).`);
      const latest = await applications.latestApplication(tx, groupId, caller.id);
      if (latest?.status === 'pending') {
        throw new ApiError('conflict', 'You have a pending application to this group already: wait for the decision, or withdraw it.');
      }
      const application = await applications.createApplication(tx, { id, groupId, applicantId: caller.id, message: note, now });
      const managers = await groups.managerIds(tx, groupId);
      return {
        result: application,
        notifications: [toUsers(managers, { type: 'application.created', groupId, application })],
        subscriptions: [],
      };
    });
  }

  /** The group's applications in one state (owners and admins). */
  async listApplications(caller: Caller, groupId: string, status: ApplicationStatus): Promise<Application[]> {
    const wanted = parseInput(ApplicationStatus, status, 'status');
    return this.read(async (tx) => {
      requireManager(await groups.groupAccess(tx, groupId, caller.id), groupId, 'see applications');
      return applications.listApplications(tx, groupId, wanted);
    });
  }

  /** Approves the applicant's pending application: the applicant becomes a member. */
  async approve(caller: Caller, groupId: string, applicantId: string): Promise<Outcome<Application>> {
    const now = this.now();
    return this.write(caller, async (tx) => {
      const pending = await this.pendingApplication(tx, caller, groupId, applicantId, 'approve');
      const application = await applications.decideApplication(tx, {
        id: pending.id, status: 'approved', decidedBy: caller.id, reason: null, now,
      });
      const member = await members.addMember(tx, { groupId, userId: applicantId, role: 'member', now });
      const joined = await this.appendEvent(tx, groupId, now, (seq) => ({ type: 'member.joined', groupId, seq, member }));
      const managers = await groups.managerIds(tx, groupId);
      return {
        result: application,
        notifications: [
          toGroupAudience(groupId, joined),
          toUsers([applicantId, ...managers], { type: 'application.approved', groupId, application }),
        ],
        subscriptions: [subscribe(applicantId, groupId)],
      };
    });
  }

  /** Rejects the applicant's pending application; the applicant may apply again later. */
  async reject(caller: Caller, groupId: string, applicantId: string, reason?: string): Promise<Outcome<Application>> {
    const why = reason?.trim() ? reason.trim() : null;
    if (why !== null && why.length > LIMITS.rejectionReasonChars) {
      throw new ApiError('bad_request', `reason must be at most ${LIMITS.rejectionReasonChars} characters.`);
    }
    const now = this.now();
    return this.write(caller, async (tx) => {
      const pending = await this.pendingApplication(tx, caller, groupId, applicantId, 'reject');
      const application = await applications.decideApplication(tx, {
        id: pending.id, status: 'rejected', decidedBy: caller.id, reason: why, now,
      });
      return {
        result: application,
        notifications: [toUsers([applicantId], { type: 'application.rejected', groupId, application })],
        subscriptions: [],
      };
    });
  }

  /** Withdraws the caller's pending application. */
  async withdraw(caller: Caller, groupId: string): Promise<Outcome<Application>> {
    const now = this.now();
    return this.write(caller, async (tx) => {
      requireGroup(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId);
      const latest = await applications.latestApplication(tx, groupId, caller.id);
      if (!latest) throw new ApiError('not_found', 'You have no application to this group.');
      if (latest.status !== 'pending') {
        throw new ApiError('conflict', `Your application is ${latest.status}; only a pending application can be withdrawn.`);
      }
      const application = await applications.decideApplication(tx, {
        id: latest.id, status: 'withdrawn', decidedBy: caller.id, reason: null, now,
      });
      return { result: application, notifications: [], subscriptions: [] };
    });
  }

  /** The group's members with their roles (members only). */
  async listMembers(caller: Caller, groupId: string): Promise<Member[]> {
    return this.read(async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'see its members');
      return members.listMembers(tx, groupId);
    });
  }

  /** Removes a member (owners and admins), or leaves (`userId` is the caller). */
  async removeMember(caller: Caller, groupId: string, userId: string): Promise<Outcome<null>> {
    const targetId = parseInput(UserId, userId, 'userId');
    const now = this.now();
    return this.write(caller, async (tx) => {
      const access = await groups.groupAccess(tx, groupId, caller.id, { lock: true });
      const { role } = requireMember(access, groupId, 'remove members');
      const target = await members.findMember(tx, groupId, targetId);
      if (!target) throw new ApiError('not_found', `${targetId} is not a member of this group.`);
      const owners = target.role === 'owner' ? await members.ownerCount(tx, groupId) : 0;
      checkRemoval({ id: caller.id, role }, { id: targetId, role: target.role }, owners);
      await members.deleteMember(tx, groupId, targetId);
      const removed = await this.appendEvent(tx, groupId, now, (seq) => ({
        type: 'member.removed', groupId, seq, userId: targetId, by: caller.id,
      }));
      return {
        result: null,
        notifications: [toGroupAudience(groupId, removed), toUsers([targetId], removed)],
        subscriptions: [unsubscribe(targetId, groupId)],
      };
    });
  }

  /**
   * Changes a member's role (owners only). Not a route of the v1 API: the way to make admins and further
   * owners. The last owner cannot step down.
   */
  async setRole(caller: Caller, groupId: string, userId: string, role: Role): Promise<Outcome<Member>> {
    const newRole = parseInput(Role, role, 'role');
    return this.write(caller, async (tx) => {
      requireOwner(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId, 'change roles');
      const target = await members.findMember(tx, groupId, userId);
      if (!target) throw new ApiError('not_found', `${userId} is not a member of this group.`);
      if (target.role === 'owner' && newRole !== 'owner' && (await members.ownerCount(tx, groupId)) <= 1) {
        throw new ApiError('conflict', 'The last owner of a group cannot step down: make another member an owner first.');
      }
      return { result: await members.updateRole(tx, groupId, userId, newRole), notifications: [], subscriptions: [] };
    });
  }

  /**
   * Posts a top-level message or a reply. The id is the client's: posting the same message again returns
   * the stored one with `created: false` (and nothing to notify); the same id with anything else is `conflict`.
   */
  async postMessage(
    caller: Caller,
    groupId: string,
    input: { id: string; body: string; parentId?: string },
  ): Promise<Outcome<Message> & { created: boolean }> {
    const id = parseUuid(input.id, 'id');
    const parentId = input.parentId === undefined ? null : parseUuid(input.parentId, 'parentId');
    const body = parseMessageBody(input.body);
    const createdAt = this.now();
    const wanted = { id, groupId, authorId: caller.id, parentId, body };
    try {
      return await this.write(caller, async (tx) => {
        requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'post messages');
        const stored = await messages.findMessage(tx, id);
        if (stored) return retried(stored, wanted);
        const slot = await messages.allocateChild(tx, groupId, parentId);
        if (!slot) throw new ApiError('not_found', `There is no message ${parentId} in this group to reply to.`);
        const { position, seq } = slot;
        const message: Message = { id, groupId, authorId: caller.id, body, createdAt, parentId, position, seq, replyCount: 0 };
        const event: z.infer<typeof MessageCreated> = { type: 'message.created', groupId, seq, message };
        await messages.createMessage(tx, message, event);
        return { result: message, created: true, notifications: [toGroupAudience(groupId, event)], subscriptions: [] };
      });
    } catch (error) {
      // A concurrent post of the same id committed first: answer as a retry would have been answered.
      if (!isConstraintViolation(error)) throw error;
      const stored = await this.read((tx) => messages.findMessage(tx, id));
      if (!stored) throw error;
      return retried(stored, wanted);
    }
  }

  /** One page of the group's top-level messages; without a cursor, the newest page. */
  async listMessages(caller: Caller, groupId: string, query: MessagesQuery): Promise<Page<Message>> {
    const request = pageRequest(query, { last: true });
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    return this.read(async (tx) => {
      const { group } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its messages');
      const items = await messages.listChildren(tx, groupId, rangeFor(request, limit, group.childCount));
      return pageOf(request, items, group.childCount);
    });
  }

  /** One page of a message's direct replies; without a cursor, the first page; `around` centres a reply. */
  async listReplies(caller: Caller, groupId: string, messageId: string, query: RepliesQuery): Promise<Page<Message>> {
    const around = query.around === undefined ? undefined : parseUuid(query.around, 'around');
    const request = pageRequest(query, { first: true });
    const limit = parseLimit(query.limit ?? LIMITS.defaultPageSize);
    return this.read(async (tx) => {
      requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its messages');
      const parent = await messages.findMessage(tx, messageId);
      if (parent?.groupId !== groupId) throw new ApiError('not_found', `There is no message ${messageId} in this group.`);
      let wanted = request;
      if (around !== undefined) {
        const anchor = await messages.findMessage(tx, around);
        if (anchor?.parentId !== messageId) {
          throw new ApiError('not_found', `There is no reply ${around} to message ${messageId}.`);
        }
        wanted = { around: anchor.position };
      }
      const items = await messages.listChildren(tx, messageId, rangeFor(wanted, limit, parent.replyCount));
      return pageOf(wanted, items, parent.replyCount);
    });
  }

  /** The group's events with `seq` above `afterSeq`, for catch-up (members only). */
  async listEvents(caller: Caller, groupId: string, afterSeq: number, limit: number): Promise<EventPage> {
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new ApiError('bad_request', 'afterSeq must be a whole number, 0 or more.');
    }
    const pageSize = parseLimit(limit);
    return this.read(async (tx) => {
      const { group } = requireMember(await groups.groupAccess(tx, groupId, caller.id), groupId, 'read its events');
      const page = await events.eventsAfter(tx, groupId, afterSeq, pageSize);
      return { ...page, latestSeq: group.seq };
    });
  }

  /** The ids of the user's groups, for WebSocket subscriptions on `$connect`. */
  async groupIdsOf(userId: string): Promise<string[]> {
    return this.read((tx) => groups.groupIdsOf(tx, userId));
  }

  /** The applicant's pending application, checked for a decision by the caller (group locked). */
  private async pendingApplication(
    tx: ManagedTransaction,
    caller: Caller,
    groupId: string,
    applicantId: string,
    decision: 'approve' | 'reject',
  ): Promise<Application> {
    requireManager(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId, `${decision} applications`);
    const latest = await applications.latestApplication(tx, groupId, applicantId);
    if (!latest) throw new ApiError('not_found', `${applicantId} has not applied to this group.`);
    if (latest.status !== 'pending') {
      throw new ApiError('conflict', `The application of ${applicantId} is ${latest.status}; only a pending application can be decided.`);
    }
    return latest;
  }

  /** Takes the group's next seq and stores the event built with it. */
  private async appendEvent<E extends GroupEvent>(
    tx: ManagedTransaction,
    groupId: string,
    now: string,
    build: (seq: number) => E,
  ): Promise<E> {
    const seq = await events.nextSeq(tx, groupId);
    if (seq === null) throw new ApiError('not_found', `There is no group ${groupId}.`);
    const event = build(seq);
    await events.storeEvent(tx, event, now);
    return event;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return readTransaction(this.target, work);
  }

  /** A write transaction that first creates or updates the caller's User from the claims. */
  private write<T>(caller: Caller, work: (tx: ManagedTransaction, user: User) => Promise<T>): Promise<T> {
    const claims: User = { id: caller.id, email: caller.email, name: caller.name, picture: caller.picture ?? null };
    return writeTransaction(this.target, async (tx) => work(tx, await upsertUser(tx, claims)));
  }
}

/** The answer to a post whose id is stored already: the stored message when it is the same post. */
function retried(
  stored: Message,
  wanted: Pick<Message, 'id' | 'groupId' | 'authorId' | 'parentId' | 'body'>,
): Outcome<Message> & { created: boolean } {
  const same =
    stored.groupId === wanted.groupId &&
    stored.authorId === wanted.authorId &&
    stored.parentId === wanted.parentId &&
    stored.body === wanted.body;
  if (!same) {
    throw new ApiError('conflict', `Message id ${wanted.id} is taken by another message; choose a new id (a fresh UUID) for a new message.`);
  }
  return { result: stored, created: false, notifications: [], subscriptions: [] };
}

/** The page a query asks for: at most one cursor; none means `fallback`. */
function pageRequest(query: { before?: string; after?: string; around?: string }, fallback: PageRequest): PageRequest {
  const given = [query.before, query.after, query.around].filter((cursor) => cursor !== undefined);
  if (given.length > 1) throw new ApiError('bad_request', 'Give at most one of before, after and around.');
  if (query.before !== undefined) return { before: decodeCursor(query.before, 'before') };
  if (query.after !== undefined) return { after: decodeCursor(query.after, 'after') };
  return fallback;
}
