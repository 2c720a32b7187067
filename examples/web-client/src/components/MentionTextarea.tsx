import { KeyboardEvent, TextareaHTMLAttributes, forwardRef, useId, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { Mentionable, completeMention, mentionCandidates, mentionQuery } from '../../../chat-core/mentions';

export interface MentionTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> {
  value: string;
  onTextChange(text: string): void;
  /** The people `@` offers. */
  people: readonly Mentionable[];
}

/**
 * A text box that offers the group's members after `@`: ↑/↓ move through them, Enter or Tab takes one, Esc closes
 * the list. Other keys go to the `onKeyDown` given (so Enter sends when no list is open).
 */
export const MentionTextarea = forwardRef<HTMLTextAreaElement, MentionTextareaProps>(function MentionTextarea(
  { value, onTextChange, people, onKeyDown, ...rest },
  ref,
) {
  const listId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => box.current!);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const nextCaret = useRef<number | null>(null);

  const query = mentionQuery(value, caret);
  const candidates = query && dismissed !== query.start ? mentionCandidates(people, query.query) : [];
  const open = candidates.length > 0;
  const chosen = candidates[Math.min(active, candidates.length - 1)];

  useLayoutEffect(() => {
    if (nextCaret.current === null || !box.current) return;
    box.current.setSelectionRange(nextCaret.current, nextCaret.current);
    nextCaret.current = null;
  });

  const take = (name: string) => {
    const completed = completeMention(value, query!.start, caret, name);
    nextCaret.current = completed.caret;
    setCaret(completed.caret);
    setActive(0);
    onTextChange(completed.text);
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && !event.nativeEvent.isComposing) {
      const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: candidates.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        setActive((at) => (Math.min(at, candidates.length - 1) + moves[event.key]!) % candidates.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        take(chosen!.name);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissed(query!.start);
        return;
      }
    }
    onKeyDown?.(event);
  };

  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={box}
        value={value}
        onChange={(event) => {
          setCaret(event.target.selectionStart);
          setActive(0);
          onTextChange(event.target.value);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={keyDown}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${chosen!.id}` : undefined}
      />
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention">
          {candidates.map((person) => (
            <li
              key={person.id}
              id={`${listId}-${person.id}`}
              role="option"
              aria-selected={person === chosen}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the focus in the box
                take(person.name);
              }}
            >
              @{person.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
