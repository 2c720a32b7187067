import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Driver } from 'neo4j-driver';
import { createTokenVerifier, IdClaims } from './auth/token-verifier';
import { ChatService } from './chat/chat-service';
import { RuntimeConfig, readConfig, required } from './config';
import { createDriver } from './neo4j-driver';
import { ConnectionsTable } from './realtime/connections-table';
import { EventPublisher, SnsPublisher } from './realtime/publisher';

/*
 * The container's singletons, created lazily on first use and kept for the container's life, as Lambda
 * reuses a container across invocations. The local runtime and tests override parts with configureRuntime.
 */
interface Singletons {
  config?: RuntimeConfig;
  driver?: Promise<Driver>;
  chat?: Promise<ChatService>;
  connections?: ConnectionsTable;
  publisher?: EventPublisher;
  management?: ApiGatewayManagementApiClient;
  verifyToken?: (token: string) => Promise<IdClaims>;
}

let singletons: Singletons = {};
let overrides: { config?: Partial<RuntimeConfig>; publisher?: EventPublisher } = {};

export interface RuntimeOverrides {
  /** Settings that win over the environment. */
  config?: Partial<RuntimeConfig>;
  /** Publishes events instead of SNS (the local runtime's in-process topic). */
  publisher?: EventPublisher;
}

export function configureRuntime(next: RuntimeOverrides): void {
  overrides = { ...overrides, ...next };
  singletons = { driver: singletons.driver, chat: singletons.chat };
}

/** Closes the driver and forgets every singleton and override. */
export async function resetRuntime(): Promise<void> {
  const driver = singletons.driver;
  singletons = {};
  overrides = {};
  if (driver) await (await driver.catch(() => undefined))?.close();
}

export function config(): RuntimeConfig {
  return (singletons.config ??= { ...readConfig(), ...overrides.config });
}

export function driver(): Promise<Driver> {
  singletons.driver ??= createDriver(config()).catch((error) => {
    singletons.driver = undefined;
    throw error;
  });
  return singletons.driver;
}

export function chat(): Promise<ChatService> {
  return (singletons.chat ??= driver().then((d) => new ChatService(d)));
}

export function connections(): ConnectionsTable {
  return (singletons.connections ??= new ConnectionsTable(required(config(), 'connectionsTable')));
}

export function publisher(): EventPublisher {
  return (singletons.publisher ??= overrides.publisher ?? new SnsPublisher(required(config(), 'eventsTopicArn')));
}

export function management(): ApiGatewayManagementApiClient {
  return (singletons.management ??= new ApiGatewayManagementApiClient({ endpoint: required(config(), 'managementEndpoint') }));
}

export function verifyToken(token: string): Promise<IdClaims> {
  const settings = config();
  singletons.verifyToken ??= createTokenVerifier({
    issuer: required(settings, 'authIssuer'),
    clientId: required(settings, 'authClientId'),
    jwksUri: required(settings, 'authJwksUri'),
  });
  return singletons.verifyToken(token);
}
