/** Marks a value the engine does not know yet (during preview, an output of a resource not created yet). */
export const UNKNOWN: unique symbol = Symbol('unknown during preview');

/**
 * Reads a property that may be unknown during preview. The policy SDK throws on reading an unknown
 * value, which turns the whole policy into an advisory "can't run during preview" for that resource;
 * a rule that can decide without that one value calls this instead.
 */
export function readKnown<T>(read: () => T): T | typeof UNKNOWN {
  try {
    return read();
  } catch (e) {
    // The SDK's UnknownValueError class is internal (not in its type declarations), so it is recognized by name.
    if (e instanceof Error && e.constructor.name === 'UnknownValueError') {
      return UNKNOWN;
    }
    throw e;
  }
}
