import { useAppSelector } from '../store/store';
import { ConnectionIndicator } from './ConnectionIndicator';
import { CreateGroupForm } from './CreateGroupForm';
import { GroupView } from './GroupView';
import { Notices } from './Notices';
import { SearchGroups } from './SearchGroups';
import { Sidebar } from './Sidebar';

/** The signed-in app: header, my groups beside the screen on show. */
export function App({ onSignOut }: { onSignOut(): void }) {
  const user = useAppSelector((state) => state.session.user);
  const sessionError = useAppSelector((state) => state.session.error);
  const screen = useAppSelector((state) => state.navigation.screen);

  return (
    <div className="app">
      <header className="topbar">
        <h1>Group chat</h1>
        <ConnectionIndicator />
        <span className="me" data-testid="me">
          {user?.name ?? ''}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div className="layout">
        <Sidebar />
        <main>
          {sessionError && <p role="alert">{sessionError}</p>}
          <Notices />
          {screen.name === 'create' && <CreateGroupForm />}
          {screen.name === 'search' && <SearchGroups />}
          {screen.name === 'group' && <GroupView key={screen.groupId} groupId={screen.groupId} tab={screen.tab} threadId={screen.threadId} />}
          {screen.name === 'groups' && (
            <section className="panel">
              <h2>Welcome{user ? `, ${user.name}` : ''}</h2>
              <p className="muted">Pick a group on the left, create a new one, or find groups to join.</p>
            </section>
          )}
        </main>
      </div>
    </div>
  );
}
