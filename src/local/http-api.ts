import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES } from '../contract/routes';
import { BodyTooLargeError, corsHeaders, flatHeaders, queryParameters, readBody, sendJson, sourceIp } from './http-io';
import { HttpJwtAuthorizer, UNAUTHORIZED_RESPONSE } from './jwt-authorizer';
import { InvocationTimeoutError, LambdaHandler, invoke } from './lambda-invoke';

/** Where the HTTP API lives under the gateway's origin. */
export const API_BASE_PATH = '/api';

/** HTTP API's own limit on a request payload. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface RouteMatcher {
  routeKey: string;
  method: string;
  pattern: RegExp;
  names: string[];
}

/** One matcher per contract route; literal segments win over parameters, as in API Gateway. */
const MATCHERS: RouteMatcher[] = Object.values(ROUTES)
  .map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { routeKey: `${route.method} ${route.path}`, method: route.method, pattern: new RegExp(`^${source}$`), names };
  })
  .sort((a, b) => a.names.length - b.names.length);

/** The contract route for a request, with its decoded path parameters. */
export function matchRoute(method: string, path: string): { routeKey: string; pathParameters?: Record<string, string> } | undefined {
  for (const matcher of MATCHERS) {
    if (matcher.method !== method) continue;
    const match = matcher.pattern.exec(path);
    if (!match) continue;
    if (matcher.names.length === 0) return { routeKey: matcher.routeKey };
    const pathParameters = Object.fromEntries(matcher.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
    return { routeKey: matcher.routeKey, pathParameters };
  }
  return undefined;
}

interface ProxyResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/**
 * The local HTTP API: routes `/api/*` like API Gateway with the contract's routes, runs the JWT authorizer
 * (401 before the handler), and invokes the `api` handler with a payload format 2.0 event.
 */
export class LocalHttpApi {
  constructor(
    private readonly handler: LambdaHandler,
    private readonly authorizer: HttpJwtAuthorizer,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const cors = corsHeaders(request);
    if (method === 'OPTIONS') {
      response.writeHead(204, cors);
      return void response.end();
    }
    const path = url.pathname.slice(API_BASE_PATH.length) || '/';
    const route = matchRoute(method, path);
    if (!route) return sendJson(response, 404, { message: 'Not Found' }, cors);

    const jwt = await this.authorizer.authorize(request.headers.authorization);
    if (!jwt) {
      request.resume();
      return sendJson(response, UNAUTHORIZED_RESPONSE.status, UNAUTHORIZED_RESPONSE.body, { ...UNAUTHORIZED_RESPONSE.headers, ...cors });
    }

    let body: Buffer;
    try {
      body = await readBody(request, MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendJson(response, 413, { message: 'Request Entity Too Large' }, cors);
    }
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: path,
      rawQueryString: url.search.slice(1),
      headers: flatHeaders(request),
      queryStringParameters: queryParameters(url.searchParams),
      pathParameters: route.pathParameters,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: { jwt },
        domainName: request.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path, protocol: `HTTP/${request.httpVersion}`, sourceIp: sourceIp(request), userAgent: request.headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
      body: body.length > 0 ? body.toString('utf8') : undefined,
      isBase64Encoded: false,
    };

    let result: ProxyResult | string | undefined;
    try {
      result = await invoke<ProxyResult | string | undefined>('api', this.handler, event);
    } catch (error) {
      // HTTP API answers 503 when the integration runs past its timeout, 500 when the function fails.
      if (error instanceof InvocationTimeoutError) return sendJson(response, 503, { message: 'Service Unavailable' }, cors);
      console.error('local api: the handler threw', error);
      return sendJson(response, 500, { message: 'Internal Server Error' }, cors);
    }
    writeProxyResult(response, result, cors);
  }
}

/** Turns a Lambda proxy result into the HTTP response, the way HTTP API payload 2.0 does. */
function writeProxyResult(response: ServerResponse, result: ProxyResult | string | undefined, cors: Record<string, string>): void {
  if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
    return sendJson(response, 200, result ?? null, cors);
  }
  const headers: Record<string, string | string[]> = { ...cors };
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
}
