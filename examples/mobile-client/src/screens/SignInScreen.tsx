import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { Alert, Button, styles } from '../components/ui';

/**
 * The signed-out screen: the deployment's address (`npm start` on a laptop, or a deployed stack's web address)
 * and the button that opens the identity provider's sign-in in the system browser.
 */
export function SignInScreen({
  baseUrl,
  error,
  ready,
  onBaseUrlChange,
  onSignIn,
}: {
  baseUrl: string;
  error?: string;
  /** Whether the deployment's config.json was read (signing in needs its issuer). */
  ready: boolean;
  onBaseUrlChange(url: string): void;
  onSignIn(): Promise<void>;
}) {
  const [address, setAddress] = useState(baseUrl);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const shown = problem ?? error;
  return (
    <View style={styles.screen}>
      <Text accessibilityRole="header" style={styles.title}>
        Group chat
      </Text>
      <Text style={styles.muted}>Private groups, real-time conversation, threads.</Text>
      <Text nativeID="server-label">Server</Text>
      <TextInput
        accessibilityLabel="Server address"
        style={styles.input}
        value={address}
        onChangeText={setAddress}
        autoCapitalize="none"
        autoCorrect={false}
        keyboardType="url"
        onSubmitEditing={() => onBaseUrlChange(address.trim())}
      />
      {address.trim() !== baseUrl && <Button kind="plain" title="Use this server" onPress={() => onBaseUrlChange(address.trim())} />}
      {shown && <Alert>{shown}</Alert>}
      <Button
        title={busy ? 'Signing in…' : 'Sign in'}
        disabled={busy || !ready}
        onPress={() => {
          setBusy(true);
          setProblem(undefined);
          onSignIn().then(
            () => setBusy(false),
            (failure: unknown) => {
              setBusy(false);
              setProblem(failure instanceof Error ? failure.message : String(failure));
            },
          );
        }}
      />
    </View>
  );
}
