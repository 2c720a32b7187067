import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError } from '../../contract/errors';
import { ROUTES, RouteSpec } from '../../contract/routes';
import { callerFromClaims, isIdToken } from '../auth/token-verifier';
import type { ChatService } from '../chat/chat-service';
import type { RateLimiter } from '../realtime/rate-limits';
import { OPERATIONS, OperationResult, RATE_LIMITED, type PresenceReader } from './operations';
import { readJsonBody } from './request-body';
import { errorResponse, jsonResponse } from './responses';
import { routeOf } from './routing';
import { parseInput } from './validation';

export interface ApiDependencies {
  chat: () => Promise<ChatService>;
  /** Who of a list of users has a live connection (the connections table). */
  presence: () => PresenceReader;
  /** The users' rate limits (a token of one bucket per limited route). */
  rateLimits: () => RateLimiter;
  afterCommit: (effects: NonNullable<OperationResult['effects']>) => Promise<void>;
}

/**
 * Answers one HTTP API request (payload format 2.0). API Gateway has already checked the token and picked
 * the route (behind a `$default` or proxy route, the method and path pick it here); this validates the input against the route's schemas, calls the domain, and, once the write has
 * committed, applies its subscriptions and publishes its events.
 */
export async function handleApiRequest(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  dependencies: ApiDependencies,
): Promise<APIGatewayProxyStructuredResultV2> {
  const requestId = event.requestContext?.requestId ?? 'unknown';
  try {
    const match = routeOf(event);
    if (!match) throw new ApiError('not_found', `There is no route ${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? event.routeKey}.`);
    const { name } = match;
    const route: RouteSpec = ROUTES[name];
    const claims = event.requestContext?.authorizer?.jwt?.claims;
    if (!claims) throw new ApiError('unauthorized', 'Sign in: the request carries no verified token.');
    if (!isIdToken(claims)) {
      throw new ApiError('unauthorized', `Send the ID token (token_use "id") as the bearer token, not a token_use "${String(claims.token_use ?? 'none')}" token.`);
    }
    const caller = callerFromClaims(claims);
    const input = {
      params: route.params ? parseInput(route.params, match.pathParameters, 'path') : undefined,
      query: route.query ? parseInput(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
      body: route.body ? parseInput(route.body, readJsonBody(event.body, event.isBase64Encoded, event.headers?.['content-type']), 'body') : undefined,
    };
    const limited = RATE_LIMITED[name];
    if (limited) await dependencies.rateLimits().take(caller.id, limited);
    const operation = OPERATIONS[name] as (input: unknown) => Promise<OperationResult>;
    const result = await operation({ chat: await dependencies.chat(), presence: dependencies.presence, caller, ...input });
    if (result.effects) await dependencies.afterCommit(result.effects);
    return jsonResponse(result.status ?? route.status, result.body);
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
