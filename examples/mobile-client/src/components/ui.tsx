import type { ReactNode } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

/** A button: a pressable with the accessibility role and name screen readers (and the tests) find it by. */
export function Button({
  title,
  onPress,
  disabled,
  kind = 'primary',
  label,
}: {
  title: string;
  onPress(): void;
  disabled?: boolean;
  kind?: 'primary' | 'plain';
  /** The accessible name when it differs from the visible title. */
  label?: string;
}) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label ?? title}
      accessibilityState={{ disabled: !!disabled }}
      disabled={disabled}
      onPress={onPress}
      style={({ pressed }) => [styles.button, kind === 'plain' && styles.plain, (pressed || disabled) && styles.dimmed]}
    >
      <Text style={kind === 'plain' ? styles.plainText : styles.buttonText}>{title}</Text>
    </Pressable>
  );
}

/** A problem to show a person (announced by screen readers). */
export function Alert({ children }: { children: ReactNode }) {
  return (
    <Text accessibilityRole="alert" style={styles.alert}>
      {children}
    </Text>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <View style={styles.row}>{children}</View>;
}

export const styles = StyleSheet.create({
  screen: { flex: 1, padding: 16, gap: 12, backgroundColor: '#fff' },
  title: { fontSize: 22, fontWeight: '600' },
  muted: { color: '#666' },
  button: { backgroundColor: '#2f6fde', paddingVertical: 10, paddingHorizontal: 14, borderRadius: 8, alignItems: 'center' },
  buttonText: { color: '#fff', fontWeight: '600' },
  plain: { backgroundColor: 'transparent', paddingHorizontal: 6 },
  plainText: { color: '#2f6fde' },
  dimmed: { opacity: 0.5 },
  alert: { color: '#b00020' },
  row: { flexDirection: 'row', alignItems: 'center', gap: 8 },
  input: { borderWidth: 1, borderColor: '#ccc', borderRadius: 8, paddingHorizontal: 10, paddingVertical: 8, flexGrow: 1 },
  badge: { backgroundColor: '#2f6fde', color: '#fff', borderRadius: 10, paddingHorizontal: 7, overflow: 'hidden', fontSize: 12 },
  listItem: { paddingVertical: 12, borderBottomWidth: StyleSheet.hairlineWidth, borderColor: '#ddd' },
});
