import { selectMyGroupsByActivity } from '../../../chat-core/read-markers';
import { plural } from '../../../chat-core/words';
import { groupShown, screenShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/**
 * My groups, newest activity first, with unread and mention badges (bold when unread); and the ways to create or
 * find one. A long name is cut with an ellipsis: whole in its tooltip and in the button's accessible name.
 */
export function Sidebar() {
  const dispatch = useAppDispatch();
  const { status, error } = useAppSelector((state) => state.groups);
  const mine = useAppSelector(selectMyGroupsByActivity);
  const screen = useAppSelector((state) => state.navigation.screen);
  const current = screen.name === 'group' ? screen.groupId : null;

  return (
    <nav className="sidebar" aria-label="Groups">
      <div className="sidebar-actions">
        <button type="button" aria-current={screen.name === 'create' ? 'page' : undefined} onClick={() => dispatch(screenShown({ name: 'create' }))}>
          New group
        </button>
        <button type="button" aria-current={screen.name === 'search' ? 'page' : undefined} onClick={() => dispatch(screenShown({ name: 'search' }))}>
          Find groups
        </button>
      </div>
      <h2 id="my-groups">My groups</h2>
      {status === 'loading' && <p className="muted">Loading…</p>}
      {error && <p role="alert">{error}</p>}
      {status === 'ready' && mine.length === 0 && <p className="muted">You are in no group yet.</p>}
      <ul className="group-list" aria-labelledby="my-groups">
        {mine.map((group) => (
          <li key={group.id}>
            <button
              type="button"
              className={group.unreadCount > 0 ? 'unread' : undefined}
              aria-current={current === group.id ? 'page' : undefined}
              data-group-id={group.id}
              onClick={() => dispatch(groupShown({ groupId: group.id }))}
            >
              <span className="group-name" title={group.name}>
                {group.name}
              </span>
              {group.mentionCount > 0 && (
                <span className="badge badge-mention" data-testid="mention-badge">
                  <span aria-hidden="true">@{group.mentionCount}</span>
                  <span className="visually-hidden">, {plural(group.mentionCount, 'mention', 'mentions')}</span>
                </span>
              )}
              {group.unreadCount > 0 && (
                <span className="badge" data-testid="unread-badge">
                  <span aria-hidden="true">{group.unreadCount > 99 ? '99+' : group.unreadCount}</span>
                  <span className="visually-hidden">, {plural(group.unreadCount, 'unread message', 'unread messages')}</span>
                </span>
              )}
              <span className="group-role">{group.role}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
