/** How a REST route is reached: the same on AWS (HTTP API) and in the local runtime (under `/api`). */
export interface RoutePath {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway style path, parameters in braces. */
  path: string;
  /** The status of a successful answer. */
  status: 200 | 201 | 204;
}

/**
 * Method, path and success status of every route, without the schemas (see `routes.ts`): what a client needs,
 * so that the client SDK does not carry the validation library.
 */
export const ROUTE_PATHS = {
  getMe: { method: 'GET', path: '/me', status: 200 },
  createGroup: { method: 'POST', path: '/groups', status: 201 },
  listGroups: { method: 'GET', path: '/groups', status: 200 },
  getGroup: { method: 'GET', path: '/groups/{groupId}', status: 200 },
  updateGroup: { method: 'PATCH', path: '/groups/{groupId}', status: 200 },
  transferOwnership: { method: 'POST', path: '/groups/{groupId}/owner', status: 200 },
  apply: { method: 'POST', path: '/groups/{groupId}/applications', status: 201 },
  listApplications: { method: 'GET', path: '/groups/{groupId}/applications', status: 200 },
  approve: { method: 'POST', path: '/groups/{groupId}/applications/{userId}/approve', status: 200 },
  reject: { method: 'POST', path: '/groups/{groupId}/applications/{userId}/reject', status: 200 },
  withdraw: { method: 'DELETE', path: '/groups/{groupId}/applications/me', status: 200 },
  listMembers: { method: 'GET', path: '/groups/{groupId}/members', status: 200 },
  removeMember: { method: 'DELETE', path: '/groups/{groupId}/members/{userId}', status: 204 },
  setRole: { method: 'PUT', path: '/groups/{groupId}/members/{userId}/role', status: 200 },
  markRead: { method: 'PUT', path: '/groups/{groupId}/read-marker', status: 200 },
  postMessage: { method: 'POST', path: '/groups/{groupId}/messages', status: 201 },
  listMessages: { method: 'GET', path: '/groups/{groupId}/messages', status: 200 },
  listReplies: { method: 'GET', path: '/groups/{groupId}/messages/{messageId}/replies', status: 200 },
  editMessage: { method: 'PATCH', path: '/groups/{groupId}/messages/{messageId}', status: 200 },
  deleteMessage: { method: 'DELETE', path: '/groups/{groupId}/messages/{messageId}', status: 200 },
  addReaction: { method: 'PUT', path: '/groups/{groupId}/messages/{messageId}/reactions/{emoji}', status: 200 },
  removeReaction: { method: 'DELETE', path: '/groups/{groupId}/messages/{messageId}/reactions/{emoji}', status: 200 },
  listReactions: { method: 'GET', path: '/groups/{groupId}/messages/{messageId}/reactions', status: 200 },
  listEvents: { method: 'GET', path: '/groups/{groupId}/events', status: 200 },
} as const satisfies Record<string, RoutePath>;

export type RouteName = keyof typeof ROUTE_PATHS;
