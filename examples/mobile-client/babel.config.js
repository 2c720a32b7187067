// Expo's Babel preset: Metro and jest-expo compile the app, the shared store (../chat-core) and the SDK (../../src/client) with it.
module.exports = function (api) {
  api.cache(true);
  return { presets: ['babel-preset-expo'] };
};
