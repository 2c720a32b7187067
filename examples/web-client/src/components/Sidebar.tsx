import { groupShown, screenShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** My groups, and the ways to create or find one. */
export function Sidebar() {
  const dispatch = useAppDispatch();
  const { mine, status, error } = useAppSelector((state) => state.groups);
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
            <button type="button" aria-current={current === group.id ? 'page' : undefined} onClick={() => dispatch(groupShown({ groupId: group.id }))}>
              <span className="group-name" title={group.name}>{group.name}</span>
              <span className="group-role">{group.role}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
