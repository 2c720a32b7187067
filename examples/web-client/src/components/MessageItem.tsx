import type { Message } from 'pulumi-groupchat/client';
import type { ReactNode } from 'react';
import { initials, relativeTime } from '../../../chat-core/message-layout';
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
}

const exact = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
const clock = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** A hue from a user id, so each person's avatar keeps its colour (dark enough for white initials at any hue: WCAG AA). */
function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

/** One message: avatar, author and time on the first of a run, then the text and the actions. */
export function MessageItem({ message, author, startsGroup = true, now, children }: MessageItemProps) {
  return (
    <li className={startsGroup ? 'message message-first' : 'message'} data-message-id={message.id} data-seq={message.seq}>
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
        <p className="message-body">{message.body}</p>
        {children}
      </div>
    </li>
  );
}
