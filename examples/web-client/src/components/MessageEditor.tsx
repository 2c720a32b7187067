import { FormEvent, KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { Message } from 'pulumi-groupchat/client';
import { LIMITS } from 'pulumi-groupchat/client';
import { editMessage } from '../../../chat-core/message-changes';
import { mentionsIn } from '../../../chat-core/mentions';
import { useAppDispatch } from '../store/store';
import { useMentionable } from './group-people';
import { MentionTextarea } from './MentionTextarea';
import { useActionError } from './use-action-error';

const encoder = new TextEncoder();

/** Edits a message of mine in place: Enter saves, Shift+Enter makes a new line, Esc (or Cancel) leaves it as it was. */
export function MessageEditor({ message, onDone }: { message: Message; onDone(): void }) {
  const dispatch = useAppDispatch();
  const id = useId();
  const people = useMentionable(message.groupId);
  const [text, setText] = useState(message.body ?? '');
  const [error, run] = useActionError();
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = box.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, []);

  const body = text.trim();
  const tooLong = encoder.encode(body).length > LIMITS.messageBodyBytes;
  const save = () => {
    if (body === message.body) return onDone();
    if (!body || tooLong) return;
    run(dispatch(editMessage({ groupId: message.groupId, messageId: message.id, body, mentions: mentionsIn(body, people) })).unwrap(), onDone);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  };

  return (
    <form className="message-editor" onSubmit={onSubmit}>
      <label htmlFor={id} className="visually-hidden">
        Edit message
      </label>
      <MentionTextarea id={id} ref={box} rows={2} value={text} people={people} onTextChange={setText} onKeyDown={onKeyDown} aria-invalid={tooLong} />
      <div className="message-editor-actions">
        <small className="muted">Enter to save · Esc to cancel</small>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" disabled={!body || tooLong}>
          Save
        </button>
      </div>
      {tooLong && <p role="alert">Too long: at most {LIMITS.messageBodyBytes.toLocaleString('en')} bytes.</p>}
      {error && <p role="alert">Not saved: {error}</p>}
    </form>
  );
}
