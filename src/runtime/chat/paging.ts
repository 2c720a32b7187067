import { encodeCursor } from '../../contract/cursor';
import type { Message, Page } from '../../contract/model';
import type { ChildRange } from '../store/messages';

/*
 * Pages over the children of one parent. Positions are 1..count with no gaps, so a page is a run of
 * positions and its cursors are the positions at its edges: `prev` reads before the first item, `next`
 * after the last.
 */

/** Which page of children a request asks for. */
export type PageRequest =
  | { first: true }
  | { last: true }
  | { before: number }
  | { after: number }
  /** The page centred on this position. */
  | { around: number };

/** The positions to read for a request, given the parent's child count. */
export function rangeFor(request: PageRequest, limit: number, count: number): ChildRange {
  if ('first' in request) return { after: 0, limit };
  if ('last' in request) return { before: count + 1, limit };
  if ('before' in request) return { before: request.before, limit };
  if ('after' in request) return { after: request.after, limit };
  const from = Math.max(1, Math.min(request.around - Math.floor((limit - 1) / 2), count - limit + 1));
  return { from, to: Math.min(count, from + limit - 1) };
}

/** The page of `items` (read for `request`, ascending) with its cursors. */
export function pageOf(request: PageRequest, items: Message[], count: number): Page<Message> {
  let low: number;
  let high: number;
  if (items.length > 0) {
    low = items[0].position;
    high = items[items.length - 1].position;
  } else {
    // An empty page still sits somewhere: just before `low`, just after `high`.
    high =
      'before' in request ? clamp(request.before - 1, 0, count)
      : 'after' in request ? clamp(request.after, 0, count)
      : 'last' in request ? count
      : 0;
    low = high + 1;
  }
  return { items, prev: low > 1 ? encodeCursor(low) : null, next: high < count ? encodeCursor(high) : null };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
