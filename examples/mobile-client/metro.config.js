// Metro bundles the app with the repository's SDK sources and the shared store, each from its one place
// (no copy): `pulumi-groupchat/client` is ../../src/client, and ../chat-core is imported by path. Every
// package comes from this app's node_modules, so the store and the screens share one Redux Toolkit and one React.
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const appDir = __dirname;
const repoDir = path.resolve(appDir, '../..');
const config = getDefaultConfig(appDir);

config.watchFolders = [path.join(repoDir, 'src', 'client'), path.join(repoDir, 'src', 'contract'), path.join(repoDir, 'examples', 'chat-core')];
config.resolver.nodeModulesPaths = [path.join(appDir, 'node_modules')];
config.resolver.disableHierarchicalLookup = true;
const resolveRequest = config.resolver.resolveRequest;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  if (moduleName === 'pulumi-groupchat/client') {
    return { type: 'sourceFile', filePath: path.join(repoDir, 'src', 'client', 'index.ts') };
  }
  return (resolveRequest ?? context.resolveRequest)(context, moduleName, platform);
};

module.exports = config;
