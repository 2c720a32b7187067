import type { Message } from 'pulumi-groupchat/client';

/** Messages of one author closer together than this share one header. */
export const GROUPING_WINDOW_MS = 5 * 60_000;

/** A message as a list shows it: whether it starts an author's run, and the day it opens, if it is the day's first. */
export interface MessageRow {
  message: Message;
  /** Shows the author, avatar and time; false for a message that follows its author's previous one closely. */
  startsGroup: boolean;
  /** The day key (`dayOf`) when this message is the first of its day in the list, else null. */
  newDay: string | null;
}

/**
 * Lays out a list of messages, oldest first: a day separator before each day's first message, and one header for
 * consecutive messages of one author within {@link GROUPING_WINDOW_MS} of each other on the same day.
 * `dayOf` gives the day of a timestamp in the reader's time zone.
 */
export function layoutMessages(messages: readonly Message[], dayOf: (iso: string) => string): MessageRow[] {
  let previous: Message | undefined;
  let previousDay: string | null = null;
  return messages.map((message) => {
    const day = dayOf(message.createdAt);
    const newDay = day === previousDay ? null : day;
    const startsGroup =
      newDay !== null ||
      !previous ||
      previous.authorId !== message.authorId ||
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) > GROUPING_WINDOW_MS;
    previous = message;
    previousDay = day;
    return { message, startsGroup, newDay };
  });
}

/** Up to two initials of a name, for an avatar: "Ada Lovelace" -> "AL", "bob" -> "B". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => String.fromCodePoint(word.codePointAt(0)!).toUpperCase()).join('') || '?';
}

/** A time relative to `nowMs` in words: "just now", "4 min ago", "3 h ago", "2 d ago"; null from a week on. */
export function relativeTime(iso: string, nowMs: number): string | null {
  const minutes = Math.floor((nowMs - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  if (minutes < 7 * 24 * 60) return `${Math.floor(minutes / (24 * 60))} d ago`;
  return null;
}
