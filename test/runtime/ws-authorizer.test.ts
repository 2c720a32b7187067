import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { configureRuntime, resetRuntime } from '../../src/runtime/context';
import { handler } from '../../src/runtime/handlers/ws-authorizer';
import { generateSigningKey, serveJwks, signJwt, type SigningKey } from './support/tokens';

const ISSUER = 'http://127.0.0.1:1/local-issuer';
const CLIENT_ID = 'the-app-client';
const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef/production/$connect';

let key: SigningKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'info'; // the refusals' reasons are info lines, checked below
  key = generateSigningKey('key-1');
  jwks = await serveJwks([key]);
  configureRuntime({ config: { authIssuer: ISSUER, authClientId: CLIENT_ID, authJwksUri: jwks.uri } });
});

afterAll(async () => {
  await resetRuntime();
  await jwks.stop();
});

const now = () => Math.floor(Date.now() / 1000);

/** The claims of a good Cognito ID token; a test changes one thing at a time. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-123',
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: 'id',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    picture: 'https://example.com/ada.png',
    iat: now() - 10,
    exp: now() + 3600,
    ...overrides,
  };
}

function connectEvent(token?: string): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    queryStringParameters: token === undefined ? {} : { token },
    requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'conn-1' },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('the $connect authorizer', () => {
  test('allows a good ID token, passing the user id and profile claims to the routes', async () => {
    const result = await handler(connectEvent(signJwt(claims(), key)));
    expect(result.principalId).toBe('user-123');
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }]);
    expect(result.context).toEqual({ userId: 'user-123', email: 'ada@example.com', name: 'Ada Lovelace', picture: 'https://example.com/ada.png' });
  });

  test('fetches the JWKS once and reuses it for later tokens', async () => {
    const before = jwks.requests();
    await handler(connectEvent(signJwt(claims({ sub: 'user-a' }), key)));
    await handler(connectEvent(signJwt(claims({ sub: 'user-b' }), key)));
    expect(jwks.requests() - before).toBe(0);
  });

  // Each case with the reason the log must give, so a token is refused for the reason under test.
  const refused: [string, () => string | undefined, RegExp | null][] = [
    ['a missing token', () => undefined, null],
    ['an empty token', () => '', null],
    ['a token that is not a JWT', () => 'not-a-jwt', /3 parts/],
    ['a forged signature (another key under the same kid)', () => signJwt(claims(), generateSigningKey('key-1')), /Invalid signature/],
    [
      'a payload changed after signing',
      () => {
        const [header, , signature] = signJwt(claims(), key).split('.');
        return `${header}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${signature}`;
      },
      /Invalid signature/,
    ],
    ['an expired token', () => signJwt(claims({ iat: now() - 7200, exp: now() - 3600 }), key), /expired/],
    ['a wrong audience (another app client)', () => signJwt(claims({ aud: 'another-client' }), key), /Audience not allowed/],
    ['a wrong issuer', () => signJwt(claims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other' }), key), /Issuer not allowed/],
    ['an access token (token_use "access")', () => signJwt(claims({ token_use: 'access' }), key), /Only ID tokens/],
    ['a token without token_use', () => signJwt(claims({ token_use: undefined }), key), /Only ID tokens/],
    ['a key id the JWKS does not have', () => signJwt(claims(), generateSigningKey('key-2')), /not found in the JWKS/],
  ];

  test.each(refused)('refuses %s with Unauthorized', async (_case, token, reason) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(handler(connectEvent(token()))).rejects.toThrow(/^Unauthorized$/);
      const logged = log.mock.calls.map((call) => String(call[0])).join('\n');
      if (reason) expect(logged).toMatch(reason);
      else expect(logged).toBe('');
    } finally {
      log.mockRestore();
    }
  });
});
