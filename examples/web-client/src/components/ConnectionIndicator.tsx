import { CONNECTION_LABELS } from '../../../chat-core/words';
import { useAppSelector } from '../store/store';


/** Shows whether live updates flow; "Reconnecting…" while the socket is being replaced. */
export function ConnectionIndicator() {
  const connection = useAppSelector((state) => state.session.connection);
  const problem = useAppSelector((state) => state.session.connectionProblem);
  return (
    <span className={`connection connection-${connection}`} role="status" aria-live="polite" title={problem ?? undefined} data-testid="connection">
      <span className="connection-dot" aria-hidden="true" />
      {CONNECTION_LABELS[connection]}
    </span>
  );
}
