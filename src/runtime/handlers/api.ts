import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { connections } from '../services/connections';
import { chat } from '../services/chat';
import { publisher } from '../services/publisher';
import { rateLimits } from '../services/rate-limits';
import { handleApiRequest } from '../http/api';
import { afterCommit } from '../realtime/after-commit';

/** Every REST route of the contract, behind the HTTP API's JWT authorizer. */
export function handler(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> {
  return handleApiRequest(event, {
    chat,
    presence: connections,
    rateLimits,
    afterCommit: (effects) => afterCommit(effects, connections(), publisher()),
  });
}
