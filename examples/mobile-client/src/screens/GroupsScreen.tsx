import { FlatList, Pressable, Text, View } from 'react-native';
import { selectMyGroupsByActivity } from '../../../chat-core/read-markers';
import { plural } from '../../../chat-core/words';
import { Alert, Button, Row, styles } from '../components/ui';
import { pushed } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** My groups, newest activity first, with unread and mention badges; and the way to find others. */
export function GroupsScreen() {
  const dispatch = useAppDispatch();
  const { status, error } = useAppSelector((state) => state.groups);
  const mine = useAppSelector(selectMyGroupsByActivity);
  return (
    <View style={styles.screen}>
      <Button title="Find groups" onPress={() => dispatch(pushed({ name: 'search' }))} />
      {status === 'loading' && mine.length === 0 && <Text style={styles.muted}>Loading…</Text>}
      {error && <Alert>{error}</Alert>}
      {status === 'ready' && mine.length === 0 && <Text style={styles.muted}>You are in no group yet.</Text>}
      <FlatList
        data={mine}
        keyExtractor={(group) => group.id}
        renderItem={({ item: group }) => {
          const badges = [
            group.unreadCount > 0 ? plural(group.unreadCount, 'unread message', 'unread messages') : null,
            group.mentionCount > 0 ? plural(group.mentionCount, 'mention', 'mentions') : null,
          ].filter(Boolean);
          return (
            <Pressable
              accessibilityRole="button"
              accessibilityLabel={[group.name, ...badges].join(', ')}
              onPress={() => dispatch(pushed({ name: 'group', groupId: group.id, tab: 'chat' }))}
              style={styles.listItem}
            >
              <Row>
                <Text style={{ flex: 1, fontWeight: group.unreadCount > 0 ? '700' : '400' }} numberOfLines={1}>
                  {group.name}
                </Text>
                {group.mentionCount > 0 && (
                  <Text testID={`mentions-${group.id}`} style={styles.badge}>
                    @{group.mentionCount}
                  </Text>
                )}
                {group.unreadCount > 0 && (
                  <Text testID={`unread-${group.id}`} style={styles.badge}>
                    {group.unreadCount > 99 ? '99+' : group.unreadCount}
                  </Text>
                )}
                <Text style={styles.muted}>{group.role}</Text>
              </Row>
            </Pressable>
          );
        }}
      />
    </View>
  );
}
