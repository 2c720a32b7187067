import { navigated } from './store/navigation-slice';
import type { AppStore } from './store/store';
import { pathOf, screenOf } from './routes';

/** The parts of `window` the address bar sync uses (a test passes its own). */
export interface BrowserLocation {
  location: { pathname: string };
  history: { pushState(data: null, unused: string, url: string): void; replaceState(data: null, unused: string, url: string): void };
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

/**
 * Keeps the screen on show and the address bar in step: the address opens its screen at start and on
 * back/forward; a screen shown in the app becomes a new history entry. Returns the function that stops it.
 */
export function syncScreenWithUrl(store: AppStore, browser: BrowserLocation): () => void {
  store.dispatch(navigated(screenOf(browser.location.pathname)));
  let shown = pathOf(store.getState().navigation.screen);
  if (shown !== browser.location.pathname) browser.history.replaceState(null, '', shown);
  const unsubscribe = store.subscribe(() => {
    const path = pathOf(store.getState().navigation.screen);
    if (path === shown) return;
    shown = path;
    browser.history.pushState(null, '', path);
  });
  const onPopState = () => {
    const screen = screenOf(browser.location.pathname);
    shown = pathOf(screen);
    store.dispatch(navigated(screen));
  };
  browser.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    browser.removeEventListener('popstate', onPopState);
  };
}
