import { byRank, memberActions } from '../../../chat-core/member-menu';
import { memberActionErrorDismissed } from '../../../chat-core/people-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { GroupSettingsForm } from './GroupSettingsForm';
import { PresenceDot } from './PresenceDot';

/**
 * The group's members with their roles and online dots, and what the reader may do: the owner promotes, demotes,
 * removes and hands the group over; admins remove members and admins; everyone but the owner leaves. Owners and
 * admins also edit the group's name and description here.
 */
export function MembersPanel({ groupId }: { groupId: string }) {
  const dispatch = useAppDispatch();
  const members = useAppSelector((state) => state.chat[groupId]?.members);
  const group = useAppSelector((state) => state.groups.mine.find((candidate) => candidate.id === groupId));
  const me = useAppSelector((state) => state.session.user?.id);
  const actions = useAppSelector((state) => state.people.actions[groupId]);
  if (!members || !group || !me) return <p className="muted">Loading members…</p>;

  const busy = (userId: string) => actions?.busy.includes(userId) ?? false;
  const list = Object.values(members).sort(byRank);

  return (
    <section className="members" aria-label="Members">
      {(group.role === 'owner' || group.role === 'admin') && <GroupSettingsForm group={group} busy={busy('settings')} />}
      {actions?.error && (
        <div className="notice notice-rejected" role="alert">
          <p>{actions.error}</p>
          <button type="button" onClick={() => dispatch(memberActionErrorDismissed(groupId))}>
            Dismiss
          </button>
        </div>
      )}
      <h3 id="member-list">{list.length === 1 ? '1 member' : `${list.length} members`}</h3>
      <ul className="member-list" aria-labelledby="member-list">
        {list.map((member) => {
          const { user, role } = member;
          const name = user.name;
          return (
            <li key={user.id} className="member" data-user-id={user.id}>
              <PresenceDot userId={user.id} />
              <span className="member-name">
                {name}
                {user.id === me && <span className="muted"> (you)</span>}
                <small>{user.email}</small>
              </span>
              <span className={`role-badge role-${role}`}>{role}</span>
              <span className="member-actions">
                {memberActions(group, member, me).map((action) => (
                    <button
                      key={action.label}
                      type="button"
                      className={action.kind}
                      disabled={busy(user.id)}
                      onClick={() => {
                        if (!action.ask || window.confirm(action.ask)) action.run(dispatch);
                      }}
                    >
                      {action.label}
                      {!action.self && <Who name={name} />}
                    </button>
                  ))}
              </span>
            </li>
          );
        })}
      </ul>
      {group.role === 'owner' && <p className="muted">As the owner, hand the group over to another member before you can leave it.</p>}
    </section>
  );
}

/** The member's name, for screen readers: the visible button says "Remove", its name "Remove (Bob)". */
const Who = ({ name }: { name: string }) => <span className="visually-hidden">({name})</span>;
