import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/contract/cursor';
import type { Message } from '../../src/contract/model';
import { pageOf, rangeFor } from '../../src/runtime/chat/paging';

/* The page arithmetic without a database: ranges read for each request, and the cursors of the page. */

const child = (position: number) => ({ id: `m${position}`, position }) as Message;
const positions = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** What the store returns for a range over children 1..count. */
function read(range: ReturnType<typeof rangeFor>, count: number): Message[] {
  if ('before' in range) return positions(Math.max(1, range.before - range.limit), Math.min(count, range.before - 1)).map(child);
  if ('after' in range) return positions(range.after + 1, Math.min(count, range.after + range.limit)).map(child);
  return positions(range.from, range.to).map(child);
}

test.each([
  [{ first: true } as const, 10, 3, { after: 0, limit: 3 }],
  [{ last: true } as const, 10, 3, { before: 11, limit: 3 }],
  [{ around: 1 } as const, 10, 3, { from: 1, to: 3 }],
  [{ around: 5 } as const, 10, 3, { from: 4, to: 6 }],
  [{ around: 5 } as const, 10, 4, { from: 4, to: 7 }],
  [{ around: 10 } as const, 10, 3, { from: 8, to: 10 }],
  [{ around: 2 } as const, 2, 5, { from: 1, to: 2 }],
])('rangeFor(%j, count %i, limit %i)', (request, count, limit, expected) => {
  expect(rangeFor(request, limit, count)).toEqual(expected);
});

test.each([
  ['first page', { first: true } as const, 5, [1, 2], { prev: null, next: 2 }],
  ['last page', { last: true } as const, 5, [4, 5], { prev: 4, next: null }],
  ['middle', { after: 2 } as const, 5, [3], { prev: 3, next: 3 }],
  ['empty thread', { last: true } as const, 0, [], { prev: null, next: null }],
  ['past the end', { after: 9 } as const, 5, [], { prev: 6, next: null }],
  ['before the start', { before: 1 } as const, 5, [], { prev: null, next: 0 }],
])('pageOf: %s', (_name, request, count, items, cursors) => {
  const page = pageOf(request, items.map(child), count);
  expect({ prev: page.prev && decodeCursor(page.prev, 'prev'), next: page.next && decodeCursor(page.next, 'next') }).toEqual(cursors);
});

test('following next from the first page visits 1..count once, for any count and limit', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 100 }), (count, limit) => {
      const seen: number[] = [];
      let request: Parameters<typeof rangeFor>[0] = { first: true };
      for (;;) {
        const page = pageOf(request, read(rangeFor(request, limit, count), count), count);
        seen.push(...page.items.map((m) => m.position));
        if (!page.next) break;
        request = { after: decodeCursor(page.next, 'next') };
      }
      expect(seen).toEqual(positions(1, count));
    }),
  );
});

test('cursors round-trip and reject anything else', () => {
  fc.assert(fc.property(fc.nat(), (position) => expect(decodeCursor(encodeCursor(position), 'c')).toBe(position)));
  fc.assert(
    fc.property(fc.string(), (text) => {
      const cursor = 'p1.' + Buffer.from(text).toString('base64url');
      const valid = /^[0-9]{1,16}$/.test(text) && Number.isSafeInteger(Number(text));
      if (valid) expect(decodeCursor(cursor, 'c')).toBe(Number(text));
      else expect(() => decodeCursor(cursor, 'c')).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }),
  );
});
