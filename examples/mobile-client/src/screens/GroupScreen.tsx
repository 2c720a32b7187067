import { View } from 'react-native';
import { Row, Button, styles } from '../components/ui';
import { GroupTab, tabShown } from '../store/navigation-slice';
import { useAppDispatch } from '../store/store';
import { ChatTab } from './ChatTab';

const TABS: { tab: GroupTab; title: string }[] = [{ tab: 'chat', title: 'Chat' }];

/** A group: its tabs (the conversation, its members, the applications to join) with the chosen one below. */
export function GroupScreen({ groupId, tab }: { groupId: string; tab: GroupTab }) {
  const dispatch = useAppDispatch();
  return (
    <View style={{ flex: 1 }}>
      <Row>
        {TABS.map(({ tab: each, title }) => (
          <Button key={each} kind={each === tab ? 'primary' : 'plain'} title={title} label={`${title} tab`} onPress={() => dispatch(tabShown(each))} />
        ))}
      </Row>
      <View style={[styles.screen, { paddingTop: 4 }]}>{tab === 'chat' && <ChatTab groupId={groupId} />}</View>
    </View>
  );
}
