// React Native's jest environment, keeping Node's own `fetch` as `nodeFetch`: Expo's setup replaces the global
// `fetch` with its native module's (a stand-in under jest), and the tests talk to the real local runtime.
const ReactNativeEnvironment = require('@react-native/jest-preset/jest/react-native-env.js');

module.exports = class GroupChatTestEnvironment extends ReactNativeEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.nodeFetch = fetch;
  }
};
