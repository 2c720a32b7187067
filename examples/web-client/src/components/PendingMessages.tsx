import { PendingMessage, pendingDiscarded, sendMessage } from '../../../chat-core/chat-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

const none: PendingMessage[] = [];

/** My messages (or a thread's replies) on their way, and refused ones with "Retry" (same id) and "Discard". */
export function PendingMessages({ groupId, parentId }: { groupId: string; parentId: string | null }) {
  const dispatch = useAppDispatch();
  const all = useAppSelector((state) => state.chat[groupId]?.pending ?? none);
  const pending = all.filter((message) => message.parentId === parentId);
  if (pending.length === 0) return null;
  return (
    <ol className="pending" aria-label="Not yet sent">
      {pending.map((message) => (
        <li key={message.id} className={`pending-${message.status}`} data-pending-id={message.id}>
          <p className="pending-body">{message.body}</p>
          {message.status === 'sending' ? (
            <small className="muted">Sending…</small>
          ) : (
            <p className="pending-error">
              <span role="alert">Not sent: {message.error}</span>{' '}
              <button type="button" className="link" onClick={() => void dispatch(sendMessage({ groupId, id: message.id, body: message.body, parentId }))}>
                Retry
              </button>{' '}
              <button type="button" className="link" onClick={() => dispatch(pendingDiscarded({ groupId, id: message.id }))}>
                Discard
              </button>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
