import { ApiError } from '../../contract/errors';
import type { Role } from '../../contract/model';
import type { GroupAccess } from '../store/groups';

/*
 * Who may do what in a group. Non-members of a private group learn nothing about it: an unknown group and
 * a private one answer with the same `not_found`. Non-members of a discoverable group may see its summary
 * and are `forbidden` the rest.
 */

/** A group the caller belongs to, with the caller's role. */
export type Membership = GroupAccess & { role: Role };

/** The group exists (private groups included: knowing the id is enough to apply). */
export function requireGroup(access: GroupAccess | null, groupId: string): GroupAccess {
  if (!access) throw groupNotFound(groupId);
  return access;
}

/** The caller is a member; `action` completes "Only members of this group can …". */
export function requireMember(access: GroupAccess | null, groupId: string, action: string): Membership {
  if (access?.role) return access as Membership;
  if (access?.group.discoverable) {
    throw new ApiError('forbidden', `Only members of this group can ${action}; apply to join it first.`);
  }
  throw groupNotFound(groupId);
}

/** The caller is an owner or an admin; `action` completes "Only the group's owners and admins can …". */
export function requireManager(access: GroupAccess | null, groupId: string, action: string): Membership {
  const membership = requireMember(access, groupId, action);
  if (!isManager(membership.role)) {
    throw new ApiError('forbidden', `Only the group's owners and admins can ${action}.`);
  }
  return membership;
}

/** The caller is an owner. */
export function requireOwner(access: GroupAccess | null, groupId: string, action: string): Membership {
  const membership = requireMember(access, groupId, action);
  if (membership.role !== 'owner') throw new ApiError('forbidden', `Only the group's owners can ${action}.`);
  return membership;
}

export const isManager = (role: Role | null) => role === 'owner' || role === 'admin';

/**
 * Whether `caller` may remove `target` from the group (`callerId === targetId` is leaving). Members can
 * only leave; admins can remove members and admins; owners anyone. The last owner can neither leave nor
 * be removed.
 */
export function checkRemoval(
  caller: { id: string; role: Role },
  target: { id: string; role: Role },
  owners: number,
): void {
  if (caller.id !== target.id) {
    if (caller.role === 'member') throw new ApiError('forbidden', 'Members can only remove themselves (leave the group).');
    if (caller.role === 'admin' && target.role === 'owner') throw new ApiError('forbidden', 'Admins cannot remove an owner.');
  }
  if (target.role === 'owner' && owners <= 1) {
    throw new ApiError(
      'conflict',
      caller.id === target.id
        ? 'You are the last owner of this group: make another member an owner before leaving.'
        : 'The last owner of a group cannot be removed.',
    );
  }
}

function groupNotFound(groupId: string): ApiError {
  return new ApiError('not_found', `There is no group ${groupId}, or it is private and you are not a member.`);
}
