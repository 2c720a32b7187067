import type { Driver } from 'neo4j-driver';
import { AdministrationUseCases } from './administration';
import { CatchUpUseCases } from './catch-up';
import { GroupUseCases } from './groups';
import { MembershipUseCases } from './membership';
import { MessageUseCases } from './messages';
import { ReactionUseCases } from './reactions';
import { ReadMarkerUseCases } from './read-markers';
import { ChatUseCase, type ChatServiceOptions } from './use-case';

export type { Audience, Caller, Notification, Outcome, SubscriptionChange } from './outcome';
export type { ChatServiceOptions } from './use-case';

/*
 * The chat domain is written as one class per use case (groups, membership, messages, catch-up, ...), each in
 * its own file; `ChatService` is all of them on one object, so handlers and tests hold one service. A new use
 * case is a class extending `ChatUseCase` added to `USE_CASES`.
 */
const USE_CASES = [
  GroupUseCases,
  MembershipUseCases,
  AdministrationUseCases,
  MessageUseCases,
  ReactionUseCases,
  ReadMarkerUseCases,
  CatchUpUseCases,
] as const;

type UseCases = InstanceType<(typeof USE_CASES)[number]>;
type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/**
 * The chat domain: groups, applications, membership, threaded messages and reactions on Neo4j, with authorization.
 * Every method is one transaction; a write returns what the runtime must deliver once it has committed.
 */
export type ChatService = Intersection<UseCases>;

class AllUseCases extends ChatUseCase {}
for (const useCase of USE_CASES) {
  for (const name of Object.getOwnPropertyNames(useCase.prototype)) {
    if (name === 'constructor') continue;
    if (Object.prototype.hasOwnProperty.call(AllUseCases.prototype, name)) {
      throw new Error(`Two chat use cases define ${name}.`);
    }
    Object.defineProperty(AllUseCases.prototype, name, Object.getOwnPropertyDescriptor(useCase.prototype, name)!);
  }
}

export const ChatService = AllUseCases as unknown as new (driver: Driver, options?: ChatServiceOptions) => ChatService;
