import { RuntimeConfig, readConfig } from './config';
import type { EventPublisher } from './realtime/publisher';

/*
 * The container's state: the configuration, read once, and the singletons of src/runtime/services, each
 * created lazily on first use and kept for the container's life, as Lambda reuses a container across
 * invocations. Each service lives in a module of its own, so a handler bundle holds (and loads at cold start)
 * only the clients it uses. The local runtime and tests override parts with configureRuntime.
 */

/** What the local runtime and tests may set instead of the environment. */
export interface RuntimeOverrides {
  /** Settings that win over the environment. */
  config?: Partial<RuntimeConfig>;
  /** Publishes events instead of SNS (the local runtime's in-process topic). */
  publisher?: EventPublisher;
  /** The clock of the connections table (typing limits, presence expiry), in epoch milliseconds; tests fake it. */
  now?: () => number;
}

interface Slot {
  value?: unknown;
  close?: (value: never) => Promise<void>;
}

const slots = new Set<Slot>();
let overrides: RuntimeOverrides = {};
let currentConfig: RuntimeConfig | undefined;

/**
 * A per-container singleton made by `create` on first call; `create` may call the `forget` it is given to
 * have the next call make it again (after a failure). One with `close` (the Neo4j driver) survives
 * configureRuntime and is closed by resetRuntime; the others are made again after either.
 */
export function containerSingleton<T>(create: (forget: () => void) => T, close?: (value: T) => Promise<void>): () => T {
  const slot: Slot = { close: close as Slot['close'] };
  slots.add(slot);
  return () => {
    if (!('value' in slot)) {
      const made: { value?: T } = {};
      made.value = create(() => {
        if (slot.value === made.value) delete slot.value;
      });
      slot.value = made.value;
    }
    return slot.value as T;
  };
}

/** Applies overrides (merged with earlier ones); services made from the old settings are made again. */
export function configureRuntime(next: RuntimeOverrides): void {
  overrides = { ...overrides, ...next };
  currentConfig = undefined;
  for (const slot of slots) if (!slot.close) delete slot.value;
}

/** Closes what is open (the Neo4j driver) and forgets every singleton and override. */
export async function resetRuntime(): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const slot of slots) {
    if ('value' in slot && slot.close) closing.push(slot.close(slot.value as never).catch(() => undefined));
    delete slot.value;
  }
  overrides = {};
  currentConfig = undefined;
  await Promise.all(closing);
}

/** The configuration: the environment, read once, under the overrides. */
export function config(): RuntimeConfig {
  return (currentConfig ??= { ...readConfig(), ...overrides.config });
}

/** The clock the overrides name, if any. */
export function clockOverride(): (() => number) | undefined {
  return overrides.now;
}

/** The publisher the overrides name, if any. */
export function publisherOverride(): EventPublisher | undefined {
  return overrides.publisher;
}
