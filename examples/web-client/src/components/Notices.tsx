import { noticeDismissed } from '../../../chat-core/groups-slice';
import { noticeText } from '../../../chat-core/words';
import { useAppDispatch, useAppSelector } from '../store/store';

/** What the owners decided about my applications, and my removals from groups, until dismissed. */
export function Notices() {
  const dispatch = useAppDispatch();
  const notices = useAppSelector((state) => state.groups.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={`${notice.id}-${notice.kind}`} className={`notice notice-${notice.kind}`}>
          <p>{noticeText(notice)}</p>
          <button type="button" onClick={() => dispatch(noticeDismissed(notice.id))} aria-label="Dismiss notice">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
