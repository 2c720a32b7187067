import type { Member, Role } from 'pulumi-groupchat/client';
import type { ChatDispatch } from './store';
import { allowedActions, changeRole, handOverOwnership, leaveGroup, removeMember } from './people-slice';

const RANK: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

/** Members in the order the lists show them: the owner, the admins, the members, each by name. */
export const byRank = (a: Member, b: Member) => RANK[a.role] - RANK[b.role] || a.user.name.localeCompare(b.user.name);

/** A button on a member's row: `ask` is confirmed first; `self` is about the reader (no name added to its label). */
export interface MemberAction {
  label: string;
  kind?: 'secondary' | 'danger';
  ask?: string;
  self?: boolean;
  run(dispatch: ChatDispatch): void;
}

/**
 * What the reader (`me`, with role `mine` in the group) may do to `member`, as the buttons of its row: the owner
 * promotes, demotes, removes and hands the group over; admins remove members and admins; everyone but the owner
 * leaves.
 */
export function memberActions(group: { id: string; name: string; role: Role }, member: Member, me: string): MemberAction[] {
  const groupId = group.id;
  const { user } = member;
  const allowed = allowedActions(group.role, member.role, user.id === me);
  const actions: (MemberAction | false)[] = [
    allowed.promote && { label: 'Make admin', run: (dispatch) => void dispatch(changeRole({ groupId, userId: user.id, role: 'admin' })) },
    allowed.demote && { label: 'Make member', run: (dispatch) => void dispatch(changeRole({ groupId, userId: user.id, role: 'member' })) },
    allowed.handOver && {
      label: 'Make owner',
      kind: 'secondary',
      ask: `Hand ${group.name} over to ${user.name}? You will become an admin.`,
      run: (dispatch) => void dispatch(handOverOwnership({ groupId, userId: user.id })),
    },
    allowed.remove && {
      label: 'Remove',
      kind: 'danger',
      ask: `Remove ${user.name} from ${group.name}?`,
      run: (dispatch) => void dispatch(removeMember({ groupId, userId: user.id })),
    },
    allowed.leave && {
      label: 'Leave group',
      kind: 'danger',
      self: true,
      ask: `Leave ${group.name}? You would have to apply again to come back.`,
      run: (dispatch) => void dispatch(leaveGroup({ groupId, me })),
    },
  ];
  return actions.filter((action): action is MemberAction => action !== false);
}
