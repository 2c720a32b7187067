import type { Message } from 'pulumi-groupchat/client';
import type { ReactNode } from 'react';
import { initials, relativeTime } from '../../../chat-core/message-layout';
import { MessageBody } from './MessageBody';
import { MessageEditor } from './MessageEditor';
import { ReactionChips } from './ReactionChips';
import { clockTime as clock, exactTime as exact } from './time-format';
import '../message-extras.css';
import { PresenceDot } from './PresenceDot';

export interface MessageItemProps {
  message: Message;
  author: string;
  /** Shows the avatar, author and time (false for a message that follows its author's previous one closely). */
  startsGroup?: boolean;
  /** The time "now" for relative times. */
  now: number;
  /** Actions on the message (shown on hover and keyboard focus) and its thread link. */
  children?: ReactNode;
  /** Shows the message as an edit box; `onEditDone` when it is saved or cancelled. */
  editing?: boolean;
  onEditDone?(): void;
  /** The row's key in a windowed list (`data-row-key`). */
  rowKey?: string;
  /**
   * In a windowed list, where the row stands among all the list's rows (`aria-posinset`, from 1) and how many there
   * are (`aria-setsize`, -1 when older ones are still to load): only some rows are in the page.
   */
  position?: RowPosition;
}

/** A row's place in a windowed list, for assistive technology. */
export interface RowPosition {
  'aria-posinset': number;
  'aria-setsize': number;
}


/** A hue from a user id, so each person's avatar keeps its colour (dark enough for white initials at any hue: WCAG AA). */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

/** One message: avatar, author and time on the first of a run, then the text (or its edit box), reactions and actions. */
export function MessageItem({ message, author, startsGroup = true, now, children, editing, onEditDone, rowKey, position }: MessageItemProps) {
  const classes = ['message', startsGroup && 'message-first', message.deletedAt && 'message-tombstone'].filter(Boolean).join(' ');
  return (
    <li className={classes} data-message-id={message.id} data-seq={message.seq} data-row-key={rowKey} {...position}>
      {startsGroup ? (
        <span className="avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hueOf(message.authorId)} 45% 30%)` }}>
          {initials(author)}
          <PresenceDot userId={message.authorId} label={false} />
        </span>
      ) : (
        <time className="message-clock" dateTime={message.createdAt} title={exact(message.createdAt)}>
          {clock(message.createdAt)}
        </time>
      )}
      <div className="message-main">
        {startsGroup ? (
          <div className="message-meta">
            <span className="message-author">{author}</span>
            <time dateTime={message.createdAt} title={exact(message.createdAt)}>
              {relativeTime(message.createdAt, now) ?? clock(message.createdAt)}
            </time>
          </div>
        ) : (
          <span className="visually-hidden">{author}:</span>
        )}
        {editing && onEditDone ? <MessageEditor message={message} onDone={onEditDone} /> : <MessageBody message={message} />}
        <ReactionChips message={message} />
        {children}
      </div>
    </li>
  );
}
