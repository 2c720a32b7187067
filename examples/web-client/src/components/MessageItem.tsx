import type { Message } from 'pulumi-groupchat/client';
import type { ReactNode } from 'react';

export interface MessageItemProps {
  message: Message;
  author: string;
  /** Buttons under the message (e.g. the thread's). */
  children?: ReactNode;
}

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** One message: who, when, what. */
export function MessageItem({ message, author, children }: MessageItemProps) {
  return (
    <li className="message" data-message-id={message.id}>
      <div className="message-meta">
        <span className="message-author">{author}</span>
        <time dateTime={message.createdAt}>{time(message.createdAt)}</time>
      </div>
      <p className="message-body">{message.body}</p>
      {children}
    </li>
  );
}
