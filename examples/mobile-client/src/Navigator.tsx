import { useEffect } from 'react';
import { BackHandler, Text, View } from 'react-native';
import { CONNECTION_LABELS } from '../../chat-core/words';
import { Button, Row, styles } from './components/ui';
import { Notices } from './components/Notices';
import { GroupScreen } from './screens/GroupScreen';
import { GroupsScreen } from './screens/GroupsScreen';
import { SearchScreen } from './screens/SearchScreen';
import { popped } from './store/navigation-slice';
import { useAppDispatch, useAppSelector, useRoute } from './store/store';

/** The signed-in app: a header (back, the screen's title, the connection's state) over the screen on top of the stack. */
export function Navigator({ onSignOut }: { onSignOut(): void }) {
  const dispatch = useAppDispatch();
  const route = useRoute();
  const depth = useAppSelector((state) => state.navigation.stack.length);
  const connection = useAppSelector((state) => state.session.connection);
  const sessionError = useAppSelector((state) => state.session.error);
  const groupName = useAppSelector((state) =>
    'groupId' in route ? state.groups.mine.find((group) => group.id === route.groupId)?.name : undefined,
  );

  // Android's back button goes back a screen, and leaves the app from the first one.
  useEffect(() => {
    const subscription = BackHandler.addEventListener('hardwareBackPress', () => {
      if (depth <= 1) return false;
      dispatch(popped());
      return true;
    });
    return () => subscription.remove();
  }, [dispatch, depth]);

  const title = route.name === 'groups' ? 'My groups' : route.name === 'search' ? 'Find groups' : (groupName ?? 'Group');
  return (
    <View style={{ flex: 1, backgroundColor: '#fff' }}>
      <Row>
        {depth > 1 && <Button kind="plain" title="‹ Back" label="Back" onPress={() => dispatch(popped())} />}
        <Text accessibilityRole="header" style={[styles.title, { flex: 1 }]} numberOfLines={1}>
          {title}
        </Text>
        <Text accessibilityRole="text" accessibilityLabel={`Connection: ${CONNECTION_LABELS[connection]}`} testID="connection" style={styles.muted}>
          {CONNECTION_LABELS[connection]}
        </Text>
        {route.name === 'groups' && <Button kind="plain" title="Sign out" onPress={onSignOut} />}
      </Row>
      {sessionError && <Text accessibilityRole="alert">{sessionError}</Text>}
      <Notices />
      {route.name === 'groups' && <GroupsScreen />}
      {route.name === 'search' && <SearchScreen />}
      {route.name === 'group' && <GroupScreen key={route.groupId} groupId={route.groupId} tab={route.tab} />}
    </View>
  );
}
