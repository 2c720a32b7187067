import * as WebBrowser from 'expo-web-browser';
import { AppRegistry } from 'react-native';
import { App } from './src/App';
import { webPlatform } from './src/web-platform';

/**
 * The app in a browser (react-native-web). Sign-in opens the identity provider in a popup, which comes back to this
 * page at `/auth?code=…`: there the page hands the address to the window that opened it (which closes the popup)
 * instead of starting a second app.
 */
const platform = webPlatform(); // one for the page's life: the app's effects restart when it changes
function Root() {
  return App({ platform });
}

if (WebBrowser.maybeCompleteAuthSession().type !== 'success') {
  AppRegistry.registerComponent('main', () => Root);
  AppRegistry.runApplication('main', { rootTag: (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document.getElementById('root') });
}
