import { ApiError } from '../../contract/errors';
import { ROUTES, RouteName, RouteSpec } from '../../contract/routes';

/** The contract route a request is for, with its path parameters. */
export interface RouteMatch {
  name: RouteName;
  pathParameters: Record<string, string>;
}

const BY_ROUTE_KEY = new Map<string, RouteName>(
  (Object.entries(ROUTES) as [RouteName, RouteSpec][]).map(([name, route]) => [`${route.method} ${route.path}`, name]),
);

interface PathMatcher {
  name: RouteName;
  method: string;
  /** Literal segments as they are, parameters as `{name}`. */
  segments: string[];
}

// Routes with fewer parameters first, so a literal segment (`applications/me`) wins over a parameter.
const MATCHERS: PathMatcher[] = (Object.entries(ROUTES) as [RouteName, RouteSpec][])
  .map(([name, route]) => ({ name, method: route.method, segments: route.path.split('/').slice(1) }))
  .sort((a, b) => a.segments.filter(isParameter).length - b.segments.filter(isParameter).length);

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('bad_request', `The path segment "${segment}" is not valid percent-encoding.`);
  }
}

/** Matches `method` and `path` against the contract's routes. */
export function matchPath(method: string, path: string): RouteMatch | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  for (const matcher of MATCHERS) {
    if (matcher.method !== method.toUpperCase() || matcher.segments.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const matches = matcher.segments.every((expected, index) => {
      if (isParameter(expected)) {
        pathParameters[expected.slice(1, -1)] = decode(segments[index]);
        return segments[index] !== '';
      }
      return expected === segments[index];
    });
    if (matches) return { name: matcher.name, pathParameters };
  }
  return undefined;
}

/**
 * The route of an HTTP API request: by its route key when API Gateway matched one of the contract's routes,
 * else (a `$default` or proxy route) by method and path, without the stage's prefix.
 */
export function routeOf(request: {
  routeKey?: string;
  rawPath?: string;
  pathParameters?: Record<string, string | undefined>;
  requestContext?: { http?: { method?: string }; stage?: string };
}): RouteMatch | undefined {
  const name = request.routeKey ? BY_ROUTE_KEY.get(request.routeKey) : undefined;
  if (name) {
    const pathParameters = Object.fromEntries(
      Object.entries(request.pathParameters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return { name, pathParameters };
  }
  const method = request.requestContext?.http?.method;
  if (!method || !request.rawPath) return undefined;
  const stage = request.requestContext?.stage;
  const prefix = stage && stage !== '$default' ? `/${stage}` : '';
  const path = prefix && request.rawPath.startsWith(`${prefix}/`) ? request.rawPath.slice(prefix.length) : request.rawPath;
  return matchPath(method, path);
}
