import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError } from '../../contract/errors';
import { LIMITS } from '../../contract/limits';
import { type Application, ApplicationStatus, type Member, UserId } from '../../contract/model';
import * as applications from '../store/applications';
import * as groups from '../store/groups';
import * as members from '../store/members';
import { checkRemoval, requireGroup, requireManager, requireMember } from './authorization';
import { parseInput } from './input';
import { subscribe, toGroup, toUsers, unsubscribe } from './notifications';
import type { Caller, Outcome } from './outcome';
import { appendEvent, ChatUseCase } from './use-case';

/** Applications to join a group, their decisions, and the members with their roles. */
export class MembershipUseCases extends ChatUseCase {
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
      const pending = await pendingApplication(tx, caller, groupId, applicantId, 'approve');
      const application = await applications.decideApplication(tx, {
        id: pending.id, status: 'approved', decidedBy: caller.id, reason: null, now,
      });
      const member = await members.addMember(tx, { groupId, userId: applicantId, role: 'member', now });
      const joined = await appendEvent(tx, groupId, now, (seq) => ({ type: 'member.joined', groupId, seq, member }));
      const managers = await groups.managerIds(tx, groupId);
      return {
        result: application,
        notifications: [
          toGroup(groupId, joined),
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
      const pending = await pendingApplication(tx, caller, groupId, applicantId, 'reject');
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
      const removed = await appendEvent(tx, groupId, now, (seq) => ({
        type: 'member.removed', groupId, seq, userId: targetId, by: caller.id,
      }));
      return {
        result: null,
        notifications: [toGroup(groupId, removed), toUsers([targetId], removed)],
        subscriptions: [unsubscribe(targetId, groupId)],
      };
    });
  }
}

/** The applicant's pending application, checked for a decision by the caller (group locked). */
async function pendingApplication(
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
