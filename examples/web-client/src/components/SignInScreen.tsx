import { useState } from 'react';

/** The signed-out screen: one button that starts the OAuth sign-in. */
export function SignInScreen({ error, onSignIn }: { error?: string; onSignIn(): Promise<void> }) {
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState(error);
  return (
    <main className="sign-in">
      <h1>Group chat</h1>
      <p>Private groups, real-time conversation, threads.</p>
      {problem && <p role="alert">{problem}</p>}
      <button
        type="button"
        autoFocus
        disabled={starting}
        onClick={() => {
          setStarting(true);
          onSignIn().catch((failure: unknown) => {
            setStarting(false);
            setProblem(failure instanceof Error ? failure.message : String(failure));
          });
        }}
      >
        {starting ? 'Redirecting…' : 'Sign in'}
      </button>
    </main>
  );
}
