/**
 * The route keys of the REST API contract, as the HTTP API declares them. A test checks this list
 * against the contract's `ROUTES`, so the components need not import the contract (and zod) at deploy time.
 */
export const HTTP_ROUTE_KEYS = [
  'GET /me',
  'POST /groups',
  'GET /groups',
  'GET /groups/{groupId}',
  'PATCH /groups/{groupId}',
  'POST /groups/{groupId}/owner',
  'POST /groups/{groupId}/applications',
  'GET /groups/{groupId}/applications',
  'POST /groups/{groupId}/applications/{userId}/approve',
  'POST /groups/{groupId}/applications/{userId}/reject',
  'DELETE /groups/{groupId}/applications/me',
  'GET /groups/{groupId}/members',
  'DELETE /groups/{groupId}/members/{userId}',
  'PUT /groups/{groupId}/members/{userId}/role',
  'PUT /groups/{groupId}/read-marker',
  'POST /groups/{groupId}/messages',
  'GET /groups/{groupId}/messages',
  'GET /groups/{groupId}/messages/{messageId}/replies',
  'PATCH /groups/{groupId}/messages/{messageId}',
  'DELETE /groups/{groupId}/messages/{messageId}',
  'PUT /groups/{groupId}/messages/{messageId}/reactions/{emoji}',
  'DELETE /groups/{groupId}/messages/{messageId}/reactions/{emoji}',
  'GET /groups/{groupId}/messages/{messageId}/reactions',
  'GET /groups/{groupId}/events',
] as const;

/** A resource-name-safe slug of a route key: `GET /groups/{groupId}` -> `get-groups-groupid`. */
export function routeSlug(routeKey: string): string {
  return routeKey.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
