import type { Message } from 'pulumi-groupchat/client';
import { toggleReaction } from '../../../chat-core/message-changes';
import { describeReactors, loadReactors } from '../../../chat-core/reactors-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';

const none: Record<string, string[]> = {};

/**
 * A message's reactions as chips: the emoji and its count, mine highlighted; a click adds or takes back mine. Who
 * reacted is in the title and label, read from the server when the pointer or the focus reaches the chips.
 */
export function ReactionChips({ message }: { message: Message }) {
  const dispatch = useAppDispatch();
  const me = useAppSelector((state) => state.session.user?.id);
  const seen = useAppSelector((state) => state.reactors[message.id] ?? none);
  const nameOf = useAuthorName(message.groupId);
  if (message.reactions.length === 0 || message.deletedAt) return null;
  return (
    <ul
      className="reactions"
      aria-label="Reactions"
      onMouseEnter={() => void dispatch(loadReactors({ groupId: message.groupId, messageId: message.id }))}
      onFocus={() => void dispatch(loadReactors({ groupId: message.groupId, messageId: message.id }))}
    >
      {message.reactions.map((reaction) => {
        const who = describeReactors(reaction, seen[reaction.emoji] ?? [], me, nameOf);
        return (
          <li key={reaction.emoji}>
            <button
              type="button"
              className={reaction.mine ? 'reaction reaction-mine' : 'reaction'}
              aria-pressed={reaction.mine}
              aria-label={`${reaction.emoji} ${reaction.count}: ${who}`}
              title={who}
              onClick={() => void dispatch(toggleReaction({ groupId: message.groupId, messageId: message.id, emoji: reaction.emoji }))}
            >
              <span aria-hidden="true">{reaction.emoji}</span>
              <span className="reaction-count">{reaction.count}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
