import { RefObject, useEffect } from 'react';
import { markRead } from '../../../chat-core/read-markers';
import { useAppDispatch } from '../store/store';

/** Share of a message that must be in view for it to count as seen. */
const SEEN_RATIO = 0.6;

/**
 * Moves my read marker in the group as messages are seen: an item of the list (`[data-seq]`, added at any time) is
 * seen while it is at least {@link SEEN_RATIO} in view, the page is visible and the window has the focus. The
 * marker goes to the newest seen; `markRead` sends it only when that is past the marker. `ready`: the list is shown.
 */
export function useReadMarker(groupId: string, listRef: RefObject<HTMLElement | null>, ready: boolean): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const inView = new Set<number>();
    const flush = () => {
      if (inView.size === 0 || document.visibilityState !== 'visible' || !document.hasFocus()) return;
      void dispatch(markRead({ groupId, seq: Math.max(...inView) }));
    };
    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const seq = Number((entry.target as HTMLElement).dataset.seq);
          if (entry.intersectionRatio >= SEEN_RATIO) inView.add(seq);
          else inView.delete(seq);
        }
        flush();
      },
      { root: list, threshold: [0, SEEN_RATIO, 1] },
    );
    const watch = (root: ParentNode) => root.querySelectorAll<HTMLElement>('[data-seq]').forEach((item) => seen.observe(item));
    watch(list);
    const added = new MutationObserver((records) => {
      for (const record of records) record.addedNodes.forEach((node) => node instanceof HTMLElement && (node.dataset.seq ? seen.observe(node) : watch(node)));
    });
    added.observe(list, { childList: true, subtree: true });
    window.addEventListener('focus', flush);
    document.addEventListener('visibilitychange', flush);
    return () => {
      seen.disconnect();
      added.disconnect();
      window.removeEventListener('focus', flush);
      document.removeEventListener('visibilitychange', flush);
    };
  }, [dispatch, groupId, listRef, ready]);
}
