import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { verifyToken } from '../services/auth';
import { errorText, log } from '../log';

/**
 * The `$connect` REQUEST authorizer: verifies the ID token from `?token=`. A refusal is the error
 * `Unauthorized`, which API Gateway answers with 401. The claims travel to the routes as the context.
 */
export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.token;
  if (!token) throw new Error('Unauthorized');
  let claims;
  try {
    claims = await verifyToken(token);
  } catch (error) {
    log('info', 'token refused', { reason: errorText(error) });
    throw new Error('Unauthorized');
  }
  return {
    principalId: claims.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: { userId: claims.sub, email: claims.email ?? '', name: claims.name ?? '', picture: claims.picture ?? '' },
  };
}
