import { ROUTES } from '../../src/contract/routes';
import { matchPath, routeOf } from '../../src/runtime/http/routing';

describe('matchPath over the contract routes', () => {
  const cases: [string, string, ReturnType<typeof matchPath>][] = [
    ['GET', '/me', { name: 'getMe', pathParameters: {} }],
    ['GET', '/groups', { name: 'listGroups', pathParameters: {} }],
    ['POST', '/groups', { name: 'createGroup', pathParameters: {} }],
    ['GET', '/groups/g1', { name: 'getGroup', pathParameters: { groupId: 'g1' } }],
    ['DELETE', '/groups/g1/applications/me', { name: 'withdraw', pathParameters: { groupId: 'g1' } }],
    ['POST', '/groups/g1/applications/u%7C2/approve', { name: 'approve', pathParameters: { groupId: 'g1', userId: 'u|2' } }],
    ['DELETE', '/groups/g1/members/u2', { name: 'removeMember', pathParameters: { groupId: 'g1', userId: 'u2' } }],
    ['GET', '/groups/g1/messages/m1/replies', { name: 'listReplies', pathParameters: { groupId: 'g1', messageId: 'm1' } }],
    ['GET', '/groups/g1/events/', { name: 'listEvents', pathParameters: { groupId: 'g1' } }],
    ['PUT', '/groups', undefined],
    ['GET', '/groups//messages', undefined],
    ['GET', '/groups/g1/unknown', undefined],
    ['DELETE', '/groups/g1/applications', undefined],
  ];

  test.each(cases)('%s %s', (method, path, expected) => {
    expect(matchPath(method, path)).toEqual(expected);
  });

  test('every route of the contract is reachable by its own path', () => {
    for (const [name, route] of Object.entries(ROUTES)) {
      const path = route.path.replace(/\{(\w+)\}/g, 'x');
      expect(matchPath(route.method, path)?.name).toBe(name);
    }
  });

  test('malformed percent-encoding is a bad request', () => {
    expect(() => matchPath('GET', '/groups/%E0%A4%A')).toThrow(/not valid percent-encoding/);
  });
});

describe('routeOf', () => {
  test('prefers the route key API Gateway matched, with its path parameters', () => {
    expect(routeOf({ routeKey: 'GET /groups/{groupId}', rawPath: '/ignored', pathParameters: { groupId: 'g' } })).toEqual({
      name: 'getGroup',
      pathParameters: { groupId: 'g' },
    });
  });

  test('behind $default, strips the named stage from the path', () => {
    expect(routeOf({ routeKey: '$default', rawPath: '/prod/me', requestContext: { http: { method: 'GET' }, stage: 'prod' } })).toEqual({
      name: 'getMe',
      pathParameters: {},
    });
    expect(routeOf({ routeKey: '$default', rawPath: '/me', requestContext: { http: { method: 'GET' }, stage: '$default' } })?.name).toBe('getMe');
  });
});
