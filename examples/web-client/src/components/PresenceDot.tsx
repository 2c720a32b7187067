import { useAppSelector } from '../store/store';

/**
 * A green dot for a person with a live connection, a hollow one otherwise. `label` (default) says so to screen
 * readers too; beside an avatar that is already hidden from them, pass `label={false}`.
 */
export function PresenceDot({ userId, label = true }: { userId: string; label?: boolean }) {
  const online = useAppSelector((state) => state.people.presence[userId] ?? false);
  return (
    <span className={online ? 'presence-dot online' : 'presence-dot'} data-online={online} title={online ? 'Online' : 'Offline'}>
      {label && <span className="visually-hidden">{online ? 'online' : 'offline'}</span>}
    </span>
  );
}
