import { FormEvent, KeyboardEvent, Ref, useId, useState } from 'react';
import { LIMITS } from 'pulumi-groupchat/client';
import { newDraftId } from '../../../chat-core/chat-slice';
import { Mentionable, mentionsIn } from '../../../chat-core/mentions';
import { useAppDispatch } from '../store/store';
import { MentionTextarea } from './MentionTextarea';

export interface ComposerProps {
  /** The visible label of the text box, e.g. "Message" or "Reply". */
  label: string;
  /** Sends a draft: its id was taken when the draft started, so sending it again cannot post it twice. */
  onSend(draft: { id: string; body: string; mentions: string[] }): void;
  disabled?: boolean;
  /** Called as the text changes (not when it is emptied), to tell others that someone is typing. */
  onTyping?(): void;
  /** The people `@` offers; those named with `@Name` are sent as the message's mentions. */
  people?: readonly Mentionable[];
  /** ↑ in the empty box: edit my last message here. */
  onEditLast?(): void;
  boxRef?: Ref<HTMLTextAreaElement>;
}

interface Draft {
  /** Taken when the first character is typed; gone when the box is emptied. */
  id: string | null;
  text: string;
}

const encoder = new TextEncoder();
/** The byte counter shows from this share of the limit on. */
const COUNTER_FROM = 0.8;

/**
 * A text box that sends with Enter (Shift+Enter for a new line) or its Send button. Sending hands the draft
 * over and empties the box at once, so what is typed while it travels is the next draft, with an id of its own.
 * Near the size limit a byte counter shows; over it, the draft cannot be sent and says by how much.
 */
export function Composer({ label, onSend, disabled, onTyping, people = [], onEditLast, boxRef }: ComposerProps) {
  const id = useId();
  const dispatch = useAppDispatch();
  const [draft, setDraft] = useState<Draft>({ id: null, text: '' });
  const bytes = encoder.encode(draft.text).length;
  const over = bytes - LIMITS.messageBodyBytes;
  const body = draft.text.trim();

  const change = (text: string) => {
    setDraft((current) => ({ id: text.trim() ? (current.id ?? dispatch(newDraftId())) : null, text }));
    if (text.trim()) onTyping?.();
  };
  const send = () => {
    if (!body || over > 0 || disabled || !draft.id) return;
    onSend({ id: draft.id, body, mentions: mentionsIn(body, people) });
    setDraft({ id: null, text: '' });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && draft.text === '' && onEditLast) {
      event.preventDefault();
      onEditLast();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <MentionTextarea
        id={id}
        ref={boxRef}
        rows={2}
        value={draft.text}
        people={people}
        disabled={disabled}
        onTextChange={change}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-count`}
        aria-invalid={over > 0}
        placeholder={`Enter to send, Shift+Enter for a new line${onEditLast ? ', ↑ to edit your last message' : ''}`}
      />
      <button type="submit" disabled={disabled || !body || over > 0}>
        Send
      </button>
      <p id={`${id}-count`} className={over > 0 ? 'byte-count byte-count-over' : 'byte-count'} aria-live="polite">
        {over > 0
          ? `Too long by ${over.toLocaleString('en')} bytes (at most ${LIMITS.messageBodyBytes.toLocaleString('en')})`
          : bytes >= LIMITS.messageBodyBytes * COUNTER_FROM
            ? `${bytes.toLocaleString('en')} / ${LIMITS.messageBodyBytes.toLocaleString('en')} bytes`
            : ''}
      </p>
    </form>
  );
}
