import { useEffect, useRef, useState } from 'react';
import { openThread, pageThread, sendMessage } from '../../../chat-core/chat-slice';
import { threadShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { Composer } from './Composer';
import { layoutMessages } from '../../../chat-core/message-layout';
import { MessageActions } from './MessageActions';
import { MessageItem } from './MessageItem';
import { useMentionable } from './group-people';
import { useNow } from './use-now';
import { PendingMessages } from './PendingMessages';
import { useReadMarker } from './use-read-marker';
import { typingStarted } from '../../../chat-core/people-slice';

/** A message's replies, one page at a time, with earlier and later pages and a reply box. */
export function ThreadPanel({ groupId, messageId }: { groupId: string; messageId: string }) {
  const dispatch = useAppDispatch();
  const parent = useAppSelector((state) => state.chat[groupId]?.messages.find((message) => message.id === messageId));
  const thread = useAppSelector((state) => state.chat[groupId]?.threads[messageId]);
  const authorName = useAuthorName(groupId);
  const me = useAppSelector((state) => state.session.user?.id);
  const people = useMentionable(groupId);
  const now = useNow();
  const [editingId, setEditingId] = useState<string | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    void dispatch(openThread({ groupId, messageId }));
  }, [dispatch, groupId, messageId]);

  const items = thread?.items ?? [];
  const first = items[0]?.position;
  const last = items[items.length - 1]?.position;
  const atNewest = thread?.next === null;
  const listRef = useRef<HTMLOListElement>(null);
  useReadMarker(groupId, listRef, true);

  // A new page is read from its top; on the newest page, a reply that arrives scrolls into view.
  useEffect(() => {
    if (listRef.current) listRef.current.scrollTop = 0;
  }, [first]);
  useEffect(() => {
    if (listRef.current && atNewest) listRef.current.scrollTop = listRef.current.scrollHeight;
  }, [last, atNewest]);
  const total = Math.max(parent?.replyCount ?? 0, last ?? 0);

  return (
    <aside className="thread" aria-label="Thread">
      <header className="thread-header">
        <h3>Thread</h3>
        <button type="button" onClick={() => dispatch(threadShown(null))}>
          Close thread
        </button>
      </header>
      {parent && (
        <ol className="messages thread-parent">
          <MessageItem message={parent} author={authorName(parent.authorId)} now={now}>
            <MessageActions message={parent} author={authorName(parent.authorId)} />
          </MessageItem>
        </ol>
      )}
      <nav className="pager" aria-label="Reply pages">
        <button type="button" disabled={!thread?.prev || thread.status !== 'ready'} onClick={() => void dispatch(pageThread({ groupId, messageId, direction: 'earlier' }))}>
          Earlier replies
        </button>
        <span className="pager-range" data-testid="reply-range">
          {first === undefined ? 'No replies yet' : `Replies ${first}–${last} of ${total}`}
        </span>
        <button type="button" disabled={!thread?.next || thread.status !== 'ready'} onClick={() => void dispatch(pageThread({ groupId, messageId, direction: 'later' }))}>
          Later replies
        </button>
      </nav>
      {thread?.status === 'failed' && <p role="alert">{thread.error}</p>}
      {thread?.status === 'ready' && thread.error && <p role="alert">{thread.error}</p>}
      <ol className="messages replies" ref={listRef} aria-live="polite" aria-busy={thread?.status === 'loading'}>
        {layoutMessages(items, (iso) => new Date(iso).toDateString()).map(({ message, startsGroup }) => (
          <MessageItem
            key={message.id}
            message={message}
            author={authorName(message.authorId)}
            startsGroup={startsGroup}
            now={now}
            editing={editingId === message.id}
            onEditDone={() => {
              setEditingId(null);
              composerRef.current?.focus();
            }}
          >
            {editingId !== message.id && <MessageActions message={message} author={authorName(message.authorId)} onEdit={() => setEditingId(message.id)} />}
          </MessageItem>
        ))}
      </ol>
      <PendingMessages groupId={groupId} parentId={messageId} />
      <Composer
        label="Reply"
        people={people}
        boxRef={composerRef}
        onEditLast={() => setEditingId([...items].reverse().find((message) => message.authorId === me && !message.deletedAt)?.id ?? null)}
        onSend={(draft) => void dispatch(sendMessage({ groupId, ...draft, parentId: messageId }))}
        onTyping={() => void dispatch(typingStarted(groupId))}
      />
    </aside>
  );
}
