import { KeyboardEvent, useEffect, useRef } from 'react';

/** The reactions offered: a small fixed palette. */
export const REACTION_PALETTE = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'] as const;

/**
 * A row of emoji to react with. It takes the focus when it opens; ←/→ move along it, Esc closes it and hands the
 * focus back to whatever opened it.
 */
export function EmojiPicker({ label, onPick, onClose }: { label: string; onPick(emoji: string): void; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const buttons = [...ref.current!.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
  };
  return (
    <div className="emoji-picker" role="toolbar" aria-label={label} ref={ref} onKeyDown={onKeyDown}>
      {REACTION_PALETTE.map((emoji) => (
        <button key={emoji} type="button" aria-label={`React with ${emoji}`} title={`React with ${emoji}`} onClick={() => onPick(emoji)}>
          {emoji}
        </button>
      ))}
      <button type="button" className="emoji-picker-close" aria-label="Close the reactions" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
