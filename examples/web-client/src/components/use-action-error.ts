import { useCallback, useState } from 'react';

/**
 * Runs an action on a message and keeps what went wrong, to show beside the message: `run(promise)` with the
 * promise of an unwrapped thunk; the error clears on the next run.
 */
export function useActionError(): [string | null, (action: Promise<unknown>, onDone?: () => void) => void] {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((action: Promise<unknown>, onDone?: () => void) => {
    setError(null);
    action.then(
      () => onDone?.(),
      (reason: unknown) => setError(typeof reason === 'string' ? reason : 'That did not work; try again.'),
    );
  }, []);
  return [error, run];
}
