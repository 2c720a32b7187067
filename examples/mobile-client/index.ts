import { registerRootComponent } from 'expo';
import { App } from './src/App';
import { nativePlatform } from './src/platform';

/** The app on a phone (or in Expo's web target): the native storage, browser, network and lifecycle. */
function Root() {
  return App({ platform: nativePlatform() });
}

registerRootComponent(Root);
