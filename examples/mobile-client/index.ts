import { registerRootComponent } from 'expo';
import { App } from './src/App';
import { nativePlatform } from './src/platform';

/** The app on a phone (or in Expo's web target): the native storage, browser, network and lifecycle. */
const platform = nativePlatform(); // one for the app's life: the app's effects restart when it changes
function Root() {
  return App({ platform });
}

registerRootComponent(Root);
