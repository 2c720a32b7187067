import type { Message } from 'pulumi-groupchat/client';
import { splitMentions } from '../../../chat-core/mentions';
import { useAppSelector } from '../store/store';
import { useAuthorName } from './author-name';
import { exactTime } from './time-format';


/**
 * A message's text with its mentions highlighted (mine more strongly) and "(edited)" after an edit; a deleted
 * message is a tombstone line.
 */
export function MessageBody({ message }: { message: Message }) {
  const me = useAppSelector((state) => state.session.user?.id);
  const nameOf = useAuthorName(message.groupId);
  if (message.deletedAt || message.body === null) {
    return <p className="message-body message-deleted">This message was deleted</p>;
  }
  const parts = message.mentions.length ? splitMentions(message.body, message.mentions.map((id) => ({ id, name: nameOf(id) }))) : [{ text: message.body }];
  return (
    <div className="message-text">
      <p className="message-body">
        {parts.map((part, at) =>
          part.userId ? (
            <mark key={at} className={part.userId === me ? 'mention mention-me' : 'mention'}>
              {part.text}
            </mark>
          ) : (
            part.text
          ),
        )}
      </p>
      {message.editedAt && (
        <span className="message-edited" title={`Edited ${exactTime(message.editedAt)}`}>
          (edited)
        </span>
      )}
    </div>
  );
}
