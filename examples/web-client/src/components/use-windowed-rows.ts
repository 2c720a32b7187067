import { RefObject, useCallback, useLayoutEffect, useRef, useState } from 'react';

/** Lists longer than this many rows render only the rows near the view (shorter ones render whole). */
export const WINDOW_FROM_ROWS = 200;
/** The height assumed for a row not measured yet. */
const ESTIMATE_PX = 44;
/** Rows rendered above and below the view, in pixels. */
const OVERSCAN_PX = 600;
/** Within this many pixels of the bottom, the list counts as "at the newest row" and follows new ones. */
const AT_BOTTOM_PX = 80;

export interface WindowedRows {
  /** The rows to render: `keys.slice(start, end)`, between spacers of `padTop` and `padBottom` pixels. */
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
  /** False when scrolled away from the newest row (show "jump to latest"). */
  atBottom: boolean;
  /** For the list's `onScroll`. */
  onScroll(): void;
  /** Follows the newest row from now on, and scrolls to it. */
  toBottom(): void;
  /** Keeps the rows in view where they are through the next changes (call before loading older rows). */
  holdView(): void;
}

/** First index `i` in the ascending `offsets` with `offsets[i] > y` (or `offsets.length`). */
function firstAbove(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid]! > y) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Windowed rendering for a scrolling list whose rows (of any height) carry `data-row-key`: only the rows near
 * the view are rendered, with spacers standing for the others at their measured (or estimated) heights.
 * The view stays put when rows are added or measured above it (it is anchored to its first visible row), and
 * follows the newest row while it is at the bottom.
 */
export function useWindowedRows(
  listRef: RefObject<HTMLElement | null>,
  keys: readonly string[],
  /** Rows that move when rows are added next to them (a day separator): never taken as the anchor. */
  floats: (key: string) => boolean = () => false,
): WindowedRows {
  const heights = useRef(new Map<string, number>());
  const [, setVersion] = useState(0);
  const rerender = useCallback(() => setVersion((version) => version + 1), []);
  const [atBottom, setAtBottom] = useState(true);
  const following = useRef(true);
  /** The first row in view and how far below the view's top it starts (negative: partly above it). */
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const viewHeight = useRef(800);
  /** Where the first row would start in the list's content: the rows' origin. */
  const base = useRef(0);

  const count = keys.length;
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + (heights.current.get(keys[i]!) ?? ESTIMATE_PX);
  const total = offsets[count]!;
  let start = 0;
  let end = count;
  if (count > WINDOW_FROM_ROWS) {
    const at = anchor.current && !following.current ? keys.indexOf(anchor.current.key) : -1;
    const viewTop = at >= 0 ? offsets[at]! - anchor.current!.delta : total - viewHeight.current;
    start = Math.max(0, firstAbove(offsets, viewTop - OVERSCAN_PX) - 1);
    end = Math.min(count, firstAbove(offsets, viewTop + viewHeight.current + OVERSCAN_PX));
  }
  const latest = useRef({ keys, offsets, start });
  latest.current = { keys, offsets, start };

  const rowsOf = (list: HTMLElement) => list.querySelectorAll<HTMLElement>(':scope > [data-row-key]');

  /** Takes the first (not floating) row in view as the anchor (from the rendered rows, or from the offsets inside a spacer). */
  const takeAnchor = (list: HTMLElement) => {
    const top = list.scrollTop;
    for (const row of rowsOf(list)) {
      if (row.offsetTop + row.offsetHeight <= top || floats(row.dataset.rowKey!)) continue;
      if (row.offsetTop > top + list.clientHeight) break;
      anchor.current = { key: row.dataset.rowKey!, delta: row.offsetTop - top };
      return;
    }
    const { keys: now, offsets: at } = latest.current;
    let index = Math.max(0, firstAbove(at, top - base.current) - 1);
    while (index < now.length - 1 && floats(now[index]!)) index++;
    if (index < now.length) anchor.current = { key: now[index]!, delta: base.current + at[index]! - top };
  };

  // After each render: measure the rendered rows, then put the view back on its anchor (or at the bottom).
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    viewHeight.current = list.clientHeight || viewHeight.current;
    const rows = rowsOf(list);
    let changed = false;
    for (const row of rows) {
      const height = row.offsetHeight;
      const key = row.dataset.rowKey!;
      if (Math.abs((heights.current.get(key) ?? -1) - height) > 0.5) {
        heights.current.set(key, height);
        changed = true;
      }
    }
    const first = rows[0];
    if (first) base.current = first.offsetTop - (latest.current.offsets[latest.current.start] ?? 0);
    if (following.current) {
      list.scrollTop = list.scrollHeight;
    } else if (anchor.current) {
      const row = list.querySelector<HTMLElement>(`:scope > [data-row-key="${CSS.escape(anchor.current.key)}"]`);
      const wanted = row ? row.offsetTop - anchor.current.delta : null;
      if (wanted !== null && Math.abs(list.scrollTop - wanted) > 1) list.scrollTop = wanted;
    }
    if (changed && latest.current.keys.length > WINDOW_FROM_ROWS) rerender();
  });

  // The list changed size (a thread opened, the window moved): rows change height; measure again, keep the view.
  const observed = useRef<{ list: HTMLElement; observer: ResizeObserver } | null>(null);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || observed.current?.list === list) return;
    observed.current?.observer.disconnect();
    const observer = new ResizeObserver(rerender);
    observer.observe(list);
    observed.current = { list, observer };
  });
  useLayoutEffect(() => () => observed.current?.observer.disconnect(), []);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    following.current = list.scrollHeight - list.scrollTop - list.clientHeight <= AT_BOTTOM_PX;
    setAtBottom(following.current);
    takeAnchor(list);
    if (latest.current.keys.length > WINDOW_FROM_ROWS) rerender();
  };
  const toBottom = useCallback(() => {
    following.current = true;
    setAtBottom(true);
    rerender();
  }, [rerender]);
  const holdView = () => {
    const list = listRef.current;
    if (!list) return;
    following.current = false;
    takeAnchor(list);
  };

  return { start, end, padTop: offsets[start]!, padBottom: total - offsets[end]!, atBottom, onScroll, toBottom, holdView };
}
