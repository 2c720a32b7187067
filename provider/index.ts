// The component package: Pulumi's Node.js plugin host loads this module, finds the ComponentResource
// classes it exports, and serves them as `groupchat:index:<Component>` (the package name comes from
// package.json, and matches the type tokens the components register).
export { GoogleCognitoAuth, GroupChatBackend, GroupChatDashboard, GroupChatVpc, Neo4jInstance, RealtimeFanout } from '../src/components';
