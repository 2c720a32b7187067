import { LIMITS } from 'pulumi-groupchat/client';

/*
 * Mentions as people type and read them: `@Name` in a text, where Name is a member's display name (names may hold
 * spaces, so a mention is found by matching the members' names, longest first, not by splitting words).
 */

export interface Mentionable {
  id: string;
  name: string;
}

/** The `@…` being typed just before `caret`: where its `@` is and the text after it; null when there is none. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  // A query stops at a line break, and is short: a name of up to three words.
  if (query.includes('\n') || query.length > 40 || query.split(' ').length > 3) return null;
  return { start: at, query };
}

/** Members whose name starts with the query (or has a word that does), case-insensitively, at most `limit`. */
export function mentionCandidates(members: readonly Mentionable[], query: string, limit = 6): Mentionable[] {
  const q = query.toLocaleLowerCase();
  return members
    .filter(({ name }) => {
      const lower = name.toLocaleLowerCase();
      return lower.startsWith(q) || lower.split(/\s+/).some((word) => word.startsWith(q));
    })
    .slice(0, limit);
}

/** The text with the `@query` from `start` to `caret` replaced by `@Name `, and where the caret goes then. */
export function completeMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** Where each `@Name` of the given people stands in `text`, in order, without overlaps (longest names win). */
function findMentions(text: string, people: readonly Mentionable[]): { start: number; end: number; id: string }[] {
  const byLength = [...people].filter(({ name }) => name).sort((a, b) => b.name.length - a.name.length);
  const found: { start: number; end: number; id: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '@' || (i > 0 && !/\s|[([{"'“]/.test(text[i - 1]!))) continue;
    const person = byLength.find(({ name }) => text.startsWith(name, i + 1));
    if (!person) continue;
    found.push({ start: i, end: i + 1 + person.name.length, id: person.id });
    i += person.name.length;
  }
  return found;
}

/** The ids of the members `text` mentions with `@Name`, each once, at most the contract's limit. */
export function mentionsIn(text: string, members: readonly Mentionable[]): string[] {
  return [...new Set(findMentions(text, members).map(({ id }) => id))].slice(0, LIMITS.mentionsPerMessage);
}

/** A text cut into plain parts and mentions (`userId` set), for showing mentions highlighted. */
export type BodyPart = { text: string; userId?: string };

/** Cuts a message body at the `@Name` of the people it mentions (`mentioned`, with their names). */
export function splitMentions(body: string, mentioned: readonly Mentionable[]): BodyPart[] {
  const parts: BodyPart[] = [];
  let from = 0;
  for (const { start, end, id } of findMentions(body, mentioned)) {
    if (start > from) parts.push({ text: body.slice(from, start) });
    parts.push({ text: body.slice(start, end), userId: id });
    from = end;
  }
  if (from < body.length) parts.push({ text: body.slice(from) });
  return parts;
}
