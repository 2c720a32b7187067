import { typingLine, typingUserIds } from '../../../chat-core/people-slice';
import { useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { useNow } from './use-now';

/** "Bob is typing…" under the messages, for 5 s after each notice (`TYPING_SHOWN_MS`). */
export function TypingLine({ groupId }: { groupId: string }) {
  const typing = useAppSelector((state) => state.people.typing[groupId]);
  const me = useAppSelector((state) => state.session.user?.id);
  const nameOf = useAuthorName(groupId);
  const now = useNow(1_000);
  const text = typingLine(typingUserIds(typing, now, me).map(nameOf));
  return (
    <p className="typing-line" role="status" aria-live="polite" data-testid="typing">
      {text}
    </p>
  );
}
