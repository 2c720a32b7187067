import { ApiError } from '../../contract/errors';
import type { Group, Member } from '../../contract/model';
import { type UpdateGroupBody, AssignableRole, UpdateGroupBody as UpdateGroupSchema } from '../../contract/requests';
import * as groups from '../store/groups';
import { toGroup } from '../store/mapping';
import * as members from '../store/members';
import { requireManager, requireOwner } from './authorization';
import { parseInput } from './input';
import { toGroup as toGroupAudience } from './notifications';
import type { Caller, Outcome } from './outcome';
import { appendEvent, ChatUseCase } from './use-case';

const unchanged = <T>(result: T): Outcome<T> => ({ result, notifications: [], subscriptions: [] });

/**
 * A group's settings and roles: editing the group, promoting and demoting admins, and handing ownership over.
 * Each locks the group first, like the approval of an application does: a demotion and an approval by the
 * demoted admin are serialized, and the approval re-reads the role after the demotion has committed.
 */
export class AdministrationUseCases extends ChatUseCase {
  /** Changes the group's name, description or discoverability (owners and admins); nothing changed emits nothing. */
  async updateGroup(caller: Caller, groupId: string, body: UpdateGroupBody): Promise<Outcome<Group>> {
    const changes = parseInput(UpdateGroupSchema, body, 'group');
    const now = this.now();
    return this.write(caller, async (tx) => {
      const { group, memberCount, role } = requireManager(
        await groups.groupAccess(tx, groupId, caller.id, { lock: true }),
        groupId,
        'change its settings',
      );
      const same = (Object.keys(changes) as (keyof typeof changes)[]).every(
        (key) => changes[key] === undefined || changes[key] === group[key],
      );
      if (same) return unchanged(toGroup(group, memberCount, role));
      const updated = await groups.updateGroup(tx, groupId, changes);
      const event = await appendEvent(tx, groupId, now, (seq) => {
        const { role: _role, ...details } = toGroup({ ...updated, seq }, memberCount, role);
        return { type: 'group.updated', groupId, seq, group: details };
      });
      return {
        result: toGroup({ ...updated, seq: event.seq }, memberCount, role),
        notifications: [toGroupAudience(groupId, event)],
        subscriptions: [],
      };
    });
  }

  /**
   * Makes a member an admin or an admin a member (owners only). An owner's role changes only by handing
   * ownership over; giving the role a member has already answers the member and emits nothing.
   */
  async setRole(caller: Caller, groupId: string, userId: string, role: string): Promise<Outcome<Member>> {
    const newRole = parseInput(AssignableRole, role, 'role');
    const now = this.now();
    return this.write(caller, async (tx) => {
      requireOwner(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId, 'change roles');
      const target = await members.findMember(tx, groupId, userId);
      if (!target) throw new ApiError('not_found', `${userId} is not a member of this group.`);
      if (target.role === 'owner') {
        throw new ApiError('conflict', 'The owner keeps that role until handing ownership to another member (POST /groups/{groupId}/owner).');
      }
      if (target.role === newRole) return unchanged(target);
      const member = await members.updateRole(tx, groupId, userId, newRole);
      const event = await appendEvent(tx, groupId, now, (seq) => ({ type: 'member.role_changed', groupId, seq, member, by: caller.id }));
      return { result: member, notifications: [toGroupAudience(groupId, event)], subscriptions: [] };
    });
  }

  /** Hands ownership to another member (owner only); the old owner becomes an admin. A non-member is `conflict`. */
  async transferOwnership(caller: Caller, groupId: string, userId: string): Promise<Outcome<Group>> {
    const now = this.now();
    return this.write(caller, async (tx) => {
      const access = requireOwner(await groups.groupAccess(tx, groupId, caller.id, { lock: true }), groupId, 'hand ownership over');
      if (userId === caller.id) return unchanged(toGroup(access.group, access.memberCount, access.role));
      const target = await members.findMember(tx, groupId, userId);
      if (!target) {
        throw new ApiError('conflict', `${userId} is not a member of this group: ownership goes to a member; approve their application first.`);
      }
      const newOwner = await members.updateRole(tx, groupId, userId, 'owner');
      const promoted = await appendEvent(tx, groupId, now, (seq) => ({ type: 'member.role_changed', groupId, seq, member: newOwner, by: caller.id }));
      const oldOwner = await members.updateRole(tx, groupId, caller.id, 'admin');
      const stepped = await appendEvent(tx, groupId, now, (seq) => ({ type: 'member.role_changed', groupId, seq, member: oldOwner, by: caller.id }));
      return {
        result: toGroup({ ...access.group, seq: stepped.seq }, access.memberCount, 'admin'),
        notifications: [toGroupAudience(groupId, promoted), toGroupAudience(groupId, stepped)],
        subscriptions: [],
      };
    });
  }
}
