import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { loadOlderMessages, sendMessage } from '../../../chat-core/chat-slice';
import { typingStarted } from '../../../chat-core/people-slice';
import { layoutMessages } from '../../../chat-core/message-layout';
import { threadShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { PendingMessages } from './PendingMessages';
import { TypingLine } from './TypingLine';
import { useReadMarker } from './use-read-marker';
import { useNow } from './use-now';

const replyLabel = (count: number) => (count === 0 ? 'Reply in thread' : count === 1 ? '1 reply' : `${count} replies`);
/** Within this many pixels of the bottom, the list counts as "at the newest message" and follows new ones. */
const AT_BOTTOM_PX = 80;
const dayKey = (iso: string) => new Date(iso).toDateString();
const dayLabel = (key: string, now: number) => {
  if (key === new Date(now).toDateString()) return 'Today';
  if (key === new Date(now - 86_400_000).toDateString()) return 'Yesterday';
  return new Date(key).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
};

/**
 * The group's conversation, newest at the bottom: one header per author's run, day separators, "load older" at
 * the top (the messages in view stay put when older ones arrive), "Jump to latest" when scrolled away, and the
 * composer. At the bottom, the list stays there as new messages arrive or the panel narrows for a thread.
 */
export function ChatPanel({ groupId, threadId }: { groupId: string; threadId: string | null }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((state) => state.chat[groupId]);
  const me = useAppSelector((state) => state.session.user?.id);
  const reconnecting = useAppSelector((state) => state.session.connection === 'reconnecting');
  const authorName = useAuthorName(groupId);
  const now = useNow();
  const listRef = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const [away, setAway] = useState(false);
  const fromBottom = useRef<number | null>(null);
  const messages = chat?.messages;
  const rows = useMemo(() => layoutMessages(messages ?? [], dayKey), [messages]);
  const newest = messages?.[messages.length - 1];
  const oldestId = messages?.[0]?.id;
  const ready = chat?.status === 'ready';
  useReadMarker(groupId, listRef, ready);

  const toBottom = () => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  };
  // A new newest message: followed when at the bottom or when it is mine.
  useLayoutEffect(() => {
    if (atBottom.current || newest?.authorId === me) toBottom();
  }, [newest?.id, newest?.authorId, me, ready]);
  // Older messages came in above: keep the ones in view where they were.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && fromBottom.current !== null) list.scrollTop = list.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [oldestId]);
  // The panel changed size (a thread opened or closed, the window moved): stay at the newest message.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) toBottom();
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, [ready]);

  if (!chat || chat.status === 'loading' || chat.status === 'idle') return <p className="muted">Loading messages…</p>;
  if (chat.status === 'failed') return <p role="alert">{chat.error}</p>;

  const onScroll = () => {
    const list = listRef.current!;
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight <= AT_BOTTOM_PX;
    setAway(!atBottom.current);
  };
  const loadOlder = () => {
    const list = listRef.current!;
    fromBottom.current = list.scrollHeight - list.scrollTop;
    void dispatch(loadOlderMessages(groupId));
  };

  return (
    <section className="chat" aria-label="Messages">
      {reconnecting && (
        <p className="banner" role="status">
          Reconnecting… new messages will appear when the connection is back.
        </p>
      )}
      <div className="messages-frame">
      <ol className="messages" ref={listRef} onScroll={onScroll} aria-live="polite" aria-relevant="additions">
        {chat.prev !== null && (
          <li className="load-older">
            <button type="button" onClick={loadOlder} disabled={chat.loadingOlder}>
              {chat.loadingOlder ? 'Loading…' : 'Load older messages'}
            </button>
          </li>
        )}
        {chat.messages.length === 0 && <li className="muted">No messages yet. Say hello!</li>}
        {rows.flatMap(({ message, startsGroup, newDay }) => [
          ...(newDay
            ? [
                <li key={`day-${newDay}`} className="day-separator">
                  <span>{dayLabel(newDay, now)}</span>
                </li>,
              ]
            : []),
          <MessageItem key={message.id} message={message} author={authorName(message.authorId)} startsGroup={startsGroup} now={now}>
            <div className={message.replyCount > 0 ? 'message-actions has-replies' : 'message-actions'}>
              <button
                type="button"
                className="link"
                aria-pressed={threadId === message.id}
                aria-label={`${message.replyCount === 0 ? 'Reply' : replyLabel(message.replyCount)} to ${authorName(message.authorId)}: ${(message.body ?? 'deleted message').slice(0, 60)}`}
                onClick={() => dispatch(threadShown(threadId === message.id ? null : message.id))}
              >
                {replyLabel(message.replyCount)}
              </button>
            </div>
          </MessageItem>,
        ])}
      </ol>
      {away && (
        <button type="button" className="jump-latest" onClick={toBottom}>
          Jump to latest ↓
        </button>
      )}
      </div>
      {chat.error && <p role="alert">{chat.error}</p>}
      <PendingMessages groupId={groupId} parentId={null} />
      <TypingLine groupId={groupId} />
      <Composer label="Message" onSend={(draft) => void dispatch(sendMessage({ groupId, ...draft }))} onTyping={() => void dispatch(typingStarted(groupId))} />
    </section>
  );
}
