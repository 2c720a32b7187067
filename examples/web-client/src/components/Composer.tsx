import { FormEvent, KeyboardEvent, useId, useState } from 'react';

export interface ComposerProps {
  /** The visible label of the text box, e.g. "Message" or "Reply". */
  label: string;
  /** Sends the text; resolves true when it was sent (the box is then emptied). */
  onSend(body: string): Promise<boolean>;
  disabled?: boolean;
}

/** A text box that sends with Enter (Shift+Enter for a new line) or its Send button. */
export function Composer({ label, onSend, disabled }: ComposerProps) {
  const id = useId();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);

  const send = async () => {
    const text = body.trim();
    if (!text || sending) return;
    setSending(true);
    const sent = await onSend(text);
    setSending(false);
    if (sent) setBody('');
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        value={body}
        disabled={disabled}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Enter to send, Shift+Enter for a new line"
      />
      <button type="submit" disabled={disabled || sending || !body.trim()}>
        Send
      </button>
    </form>
  );
}
