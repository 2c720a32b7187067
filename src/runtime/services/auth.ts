import { createTokenVerifier, IdClaims } from '../auth/token-verifier';
import { required } from '../config';
import { config, containerSingleton } from '../context';

const verifier = containerSingleton(() => {
  const settings = config();
  return createTokenVerifier({
    issuer: required(settings, 'authIssuer'),
    clientId: required(settings, 'authClientId'),
    jwksUri: required(settings, 'authJwksUri'),
  });
});

/** Verifies an ID token of the configured issuer and app client (the JWKS is cached per container). */
export function verifyToken(token: string): Promise<IdClaims> {
  return verifier()(token);
}
