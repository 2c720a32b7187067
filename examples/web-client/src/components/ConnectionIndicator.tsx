import { useAppSelector } from '../store/store';

const LABELS = { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', suspended: 'Paused', closed: 'Offline' } as const;

/** Shows whether live updates flow; "Reconnecting…" while the socket is being replaced. */
export function ConnectionIndicator() {
  const connection = useAppSelector((state) => state.session.connection);
  const problem = useAppSelector((state) => state.session.connectionProblem);
  return (
    <span className={`connection connection-${connection}`} role="status" aria-live="polite" title={problem ?? undefined} data-testid="connection">
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[connection]}
    </span>
  );
}
