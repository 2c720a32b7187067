import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { ROUTES, type RouteName } from '../../../src/contract/routes';

/** A signed-in test user: the claims the HTTP API's JWT authorizer passes on. */
export interface TestUser {
  sub: string;
  email: string;
  name: string;
}

export function testUser(name: string): TestUser {
  const sub = `${name.toLowerCase()}-${randomUUID()}`;
  return { sub, email: `${sub}@example.com`, name };
}

export interface RequestParts {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON-encoded unless it is a string already (to send malformed bodies). */
  body?: unknown;
}

/**
 * The event API Gateway's HTTP API (payload format 2.0) hands the `api` function for a request to the
 * contract route `name`, after its JWT authorizer accepted `user`'s ID token (`null`: no authorizer claims).
 */
export function httpEvent(user: TestUser | null, name: RouteName, parts: RequestParts = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const route = ROUTES[name];
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(parts.params?.[param] ?? ''));
  const body = parts.body === undefined ? undefined : typeof parts.body === 'string' ? parts.body : JSON.stringify(parts.body);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: new URLSearchParams(parts.query ?? {}).toString(),
    headers: { 'content-type': 'application/json' },
    queryStringParameters: parts.query,
    pathParameters: parts.params,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      authorizer: user
        ? { principalId: '', integrationLatency: 0, jwt: { claims: { ...user, token_use: 'id', aud: 'client' }, scopes: [] } }
        : (undefined as never),
    },
  };
}

/** The parsed JSON body of a response. */
export const json = <T = Record<string, unknown>>(response: { body?: string }): T => JSON.parse(response.body ?? 'null') as T;
