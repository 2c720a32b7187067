import { useRef, useState } from 'react';
import type { Message } from 'pulumi-groupchat/client';
import { deleteMessage, toggleReaction } from '../../../chat-core/message-changes';
import { useAppDispatch, useAppSelector } from '../store/store';
import { EmojiPicker } from './EmojiPicker';
import { useActionError } from './use-action-error';

export interface MessageActionsProps {
  message: Message;
  author: string;
  /** Opens the message's thread (top-level messages only); the toolbar offers it while the message has no replies. */
  onReply?(): void;
  /** Starts editing (my own messages). */
  onEdit?(): void;
}

const excerpt = (message: Message) => (message.body ?? 'deleted message').slice(0, 60);

/**
 * The toolbar on a message, shown on hover and on keyboard focus: react, reply in thread, edit (mine), delete
 * (mine, or anyone's for owners and admins, after a confirmation). A deleted message has none of these.
 */
export function MessageActions({ message, author, onReply, onEdit }: MessageActionsProps) {
  const dispatch = useAppDispatch();
  const me = useAppSelector((state) => state.session.user?.id);
  const role = useAppSelector((state) => state.groups.mine.find((group) => group.id === message.groupId)?.role);
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, run] = useActionError();
  const reactButton = useRef<HTMLButtonElement>(null);
  if (message.deletedAt) return null;

  const mine = message.authorId === me;
  const canDelete = mine || role === 'owner' || role === 'admin';
  const about = `${author}: ${excerpt(message)}`;
  const ids = { groupId: message.groupId, messageId: message.id };
  const closePicker = () => {
    setPicking(false);
    reactButton.current?.focus();
  };

  return (
    <>
      <div className={picking || confirming ? 'message-toolbar message-toolbar-open' : 'message-toolbar'} role="toolbar" aria-label={`Actions on ${about}`}>
        <button type="button" ref={reactButton} aria-label={`Add a reaction to ${about}`} title="Add a reaction" aria-expanded={picking} onClick={() => setPicking(!picking)}>
          ☺︎+
        </button>
        {onReply && message.replyCount === 0 && (
          <button type="button" aria-label={`Reply in thread to ${about}`} title="Reply in thread" onClick={onReply}>
            Reply in thread
          </button>
        )}
        {mine && onEdit && (
          <button type="button" aria-label={`Edit your message: ${excerpt(message)}`} title="Edit" onClick={onEdit}>
            Edit
          </button>
        )}
        {canDelete && (
          <button type="button" aria-label={`Delete ${mine ? 'your message' : `the message of ${author}`}: ${excerpt(message)}`} title="Delete" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {picking && (
        <EmojiPicker
          label={`Reactions for ${about}`}
          onClose={closePicker}
          onPick={(emoji) => {
            closePicker();
            const has = message.reactions.some((reaction) => reaction.emoji === emoji && reaction.mine);
            if (!has) run(dispatch(toggleReaction({ ...ids, emoji })).unwrap());
          }}
        />
      )}
      {confirming && (
        <p className="confirm" role="group" aria-label="Confirm deletion">
          Delete this message for everyone?{' '}
          <button type="button" className="danger" autoFocus onClick={() => run(dispatch(deleteMessage(ids)).unwrap(), () => setConfirming(false))}>
            Delete
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </>
  );
}
