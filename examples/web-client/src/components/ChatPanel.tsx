import { ReactNode, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from 'pulumi-groupchat/client';
import { loadOlderMessages, sendMessage } from '../../../chat-core/chat-slice';
import { MessageRow, layoutMessages } from '../../../chat-core/message-layout';
import { typingStarted } from '../../../chat-core/people-slice';
import { threadShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { Composer } from './Composer';
import { useMentionable } from './group-people';
import { MessageActions } from './MessageActions';
import { MessageItem, type RowPosition } from './MessageItem';
import { PendingMessages } from './PendingMessages';
import { TypingLine } from './TypingLine';
import { useReadMarker } from './use-read-marker';
import { dayName } from './time-format';
import { useNow } from './use-now';
import { useWindowedRows } from './use-windowed-rows';

const replyLabel = (count: number) => (count === 1 ? '1 reply' : `${count} replies`);
const dayKey = (iso: string) => new Date(iso).toDateString();
const dayLabel = (key: string, now: number) => {
  if (key === new Date(now).toDateString()) return 'Today';
  if (key === new Date(now - 86_400_000).toDateString()) return 'Yesterday';
  return dayName(new Date(key));
};

/** Day separators and the "new messages" line move when messages come in beside them. */
const floats = (key: string) => key.startsWith('day-') || key === 'unread-line';

/** A row of the list: a day separator, the "new messages" line, or a message. */
type Entry = { key: string; day: string } | { key: 'unread-line' } | { key: string; row: MessageRow };

/** The rows of the list: the messages laid out, with the "new messages" line before the first unread one of others. */
function entriesOf(rows: MessageRow[], unreadFrom: string | null): Entry[] {
  return rows.flatMap((row) => [
    ...(row.newDay ? [{ key: `day-${row.newDay}`, day: row.newDay }] : []),
    ...(row.message.id === unreadFrom ? [{ key: 'unread-line' as const }] : []),
    { key: row.message.id, row },
  ]);
}

/**
 * The first message by someone else after my read marker as it was when the group opened (the line stays there
 * while I read on; it moves the next time the group opens).
 */
function useUnreadFrom(groupId: string, messages: readonly Message[] | undefined, me: string | undefined): string | null {
  const lastReadSeq = useAppSelector((state) => state.groups.mine.find((group) => group.id === groupId)?.lastReadSeq);
  const [readUpTo] = useState(lastReadSeq);
  return useMemo(() => {
    if (readUpTo === undefined || !messages) return null;
    return messages.find((message) => message.seq > readUpTo && message.authorId !== me && !message.deletedAt)?.id ?? null;
  }, [messages, readUpTo, me]);
}

/**
 * The group's conversation, newest at the bottom: one header per author's run, day separators, the "new messages"
 * line, "load older" at the top (the messages in view stay put when older ones arrive), "Jump to latest" when
 * scrolled away, and the composer (↑ in it edits my last message). Long lists render only the rows near the view.
 */
export function ChatPanel({ groupId, threadId }: { groupId: string; threadId: string | null }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((state) => state.chat[groupId]);
  const me = useAppSelector((state) => state.session.user?.id);
  const reconnecting = useAppSelector((state) => state.session.connection === 'reconnecting');
  const authorName = useAuthorName(groupId);
  const people = useMentionable(groupId);
  const now = useNow();
  const listRef = useRef<HTMLOListElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const messages = chat?.messages;
  const unreadFrom = useUnreadFrom(groupId, messages, me);
  const entries = useMemo(() => entriesOf(layoutMessages(messages ?? [], dayKey), unreadFrom), [messages, unreadFrom]);
  const keys = useMemo(() => entries.map((entry) => entry.key), [entries]);
  const view = useWindowedRows(listRef, keys, floats);
  const newest = messages?.[messages.length - 1];
  useReadMarker(groupId, listRef, chat?.status === 'ready');

  // My own new message brings the list to the bottom, wherever it was.
  const followMine = view.toBottom;
  useLayoutEffect(() => {
    if (newest && newest.authorId === me) followMine();
  }, [newest?.id, newest?.authorId, me, followMine]);

  if (!chat || chat.status === 'loading' || chat.status === 'idle') return <p className="muted">Loading messages…</p>;
  if (chat.status === 'failed') return <p role="alert">{chat.error}</p>;

  const loadOlder = () => {
    view.holdView();
    void dispatch(loadOlderMessages(groupId));
  };
  const editLast = () => {
    const last = [...chat.messages].reverse().find((message) => message.authorId === me && !message.deletedAt);
    if (!last) return;
    setEditingId(last.id);
    view.holdView();
  };
  const editDone = () => {
    setEditingId(null);
    composerRef.current?.focus();
  };
  const openThread = (message: Message) => dispatch(threadShown(threadId === message.id ? null : message.id));

  // Only the rows near the view are in the page: each says where it stands among all of them (unknown in number while
  // older messages are still to load).
  const setSize = chat.prev === null ? entries.length : -1;
  const render = (entry: Entry, at: number): ReactNode => {
    const position: RowPosition = { 'aria-posinset': view.start + at + 1, 'aria-setsize': setSize };
    if ('day' in entry) {
      return (
        <li key={entry.key} data-row-key={entry.key} className="day-separator" {...position}>
          <span>{dayLabel(entry.day, now)}</span>
        </li>
      );
    }
    if (!('row' in entry)) {
      return (
        <li key={entry.key} data-row-key={entry.key} className="unread-line" {...position}>
          <span>New messages</span>
        </li>
      );
    }
    const { message, startsGroup } = entry.row;
    const author = authorName(message.authorId);
    return (
      <MessageItem
        key={message.id}
        rowKey={message.id}
        position={position}
        message={message}
        author={author}
        startsGroup={startsGroup}
        now={now}
        editing={editingId === message.id}
        onEditDone={editDone}
      >
        {editingId !== message.id && <MessageActions message={message} author={author} onReply={() => openThread(message)} onEdit={() => setEditingId(message.id)} />}
        {message.replyCount > 0 && (
          <button
            type="button"
            className="link thread-link"
            aria-pressed={threadId === message.id}
            aria-label={`${replyLabel(message.replyCount)} to ${author}: ${(message.body ?? 'deleted message').slice(0, 60)}`}
            onClick={() => openThread(message)}
          >
            {replyLabel(message.replyCount)}
          </button>
        )}
      </MessageItem>
    );
  };

  return (
    <section className="chat" aria-label="Messages">
      {reconnecting && (
        <p className="banner" role="status">
          Reconnecting… new messages will appear when the connection is back.
        </p>
      )}
      <div className="messages-frame">
        <ol className="messages" ref={listRef} onScroll={view.onScroll} aria-live="polite" aria-relevant="additions">
          {chat.prev !== null && (
            <li className="load-older">
              <button type="button" onClick={loadOlder} disabled={chat.loadingOlder}>
                {chat.loadingOlder ? 'Loading…' : 'Load older messages'}
              </button>
            </li>
          )}
          {chat.messages.length === 0 && <li className="muted">No messages yet. Say hello!</li>}
          {view.padTop > 0 && <li className="window-spacer" aria-hidden="true" style={{ height: view.padTop }} />}
          {entries.slice(view.start, view.end).map(render)}
          {view.padBottom > 0 && <li className="window-spacer" aria-hidden="true" style={{ height: view.padBottom }} />}
        </ol>
        {!view.atBottom && (
          <button type="button" className="jump-latest" onClick={view.toBottom}>
            Jump to latest ↓
          </button>
        )}
      </div>
      {chat.error && <p role="alert">{chat.error}</p>}
      <PendingMessages groupId={groupId} parentId={null} />
      <TypingLine groupId={groupId} />
      <Composer
        label="Message"
        people={people}
        boxRef={composerRef}
        onEditLast={editLast}
        onSend={(draft) => void dispatch(sendMessage({ groupId, ...draft }))}
        onTyping={() => void dispatch(typingStarted(groupId))}
      />
    </section>
  );
}
