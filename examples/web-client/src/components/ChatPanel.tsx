import { useEffect, useRef } from 'react';
import { loadOlderMessages, sendMessage } from '../../../chat-core/chat-slice';
import { threadShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { PendingMessages } from './PendingMessages';

const replyLabel = (count: number) => (count === 0 ? 'Reply' : count === 1 ? '1 reply' : `${count} replies`);

/** The group's conversation: newest messages at the bottom, "load older" at the top, and the composer. */
export function ChatPanel({ groupId, threadId }: { groupId: string; threadId: string | null }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((state) => state.chat[groupId]);
  const reconnecting = useAppSelector((state) => state.session.connection === 'reconnecting');
  const authorName = useAuthorName(groupId);
  const listRef = useRef<HTMLOListElement>(null);
  const newestId = chat?.messages[chat.messages.length - 1]?.id;

  // Follow the conversation: a new newest message scrolls into view (loading older ones does not).
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [newestId]);

  if (!chat || chat.status === 'loading' || chat.status === 'idle') return <p className="muted">Loading messages…</p>;
  if (chat.status === 'failed') return <p role="alert">{chat.error}</p>;

  return (
    <section className="chat" aria-label="Messages">
      {reconnecting && (
        <p className="banner" role="status">
          Reconnecting… new messages will appear when the connection is back.
        </p>
      )}
      <ol className="messages" ref={listRef} aria-live="polite" aria-relevant="additions">
        {chat.prev !== null && (
          <li className="load-older">
            <button type="button" onClick={() => void dispatch(loadOlderMessages(groupId))} disabled={chat.loadingOlder}>
              {chat.loadingOlder ? 'Loading…' : 'Load older messages'}
            </button>
          </li>
        )}
        {chat.messages.length === 0 && <li className="muted">No messages yet. Say hello!</li>}
        {chat.messages.map((message) => (
          <MessageItem key={message.id} message={message} author={authorName(message.authorId)}>
            <button
              type="button"
              className="link"
              aria-pressed={threadId === message.id}
              aria-label={`${replyLabel(message.replyCount)} to ${authorName(message.authorId)}: ${(message.body ?? "deleted message").slice(0, 60)}`}
              onClick={() => dispatch(threadShown(threadId === message.id ? null : message.id))}
            >
              {replyLabel(message.replyCount)}
            </button>
          </MessageItem>
        ))}
      </ol>
      {chat.error && <p role="alert">{chat.error}</p>}
      <PendingMessages groupId={groupId} parentId={null} />
      <Composer
        label="Message"
        onSend={(draft) => void dispatch(sendMessage({ groupId, ...draft }))}
      />
    </section>
  );
}
