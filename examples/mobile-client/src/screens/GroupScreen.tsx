import { useEffect } from 'react';
import { View } from 'react-native';
import { Row, Button, styles } from '../components/ui';
import { openGroup } from '../../../chat-core/chat-slice';
import { GroupTab, tabShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { ApplicationsTab } from './ApplicationsTab';
import { ChatTab } from './ChatTab';
import { MembersTab } from './MembersTab';

const TABS: { tab: GroupTab; title: string; managers?: true }[] = [
  { tab: 'chat', title: 'Chat' },
  { tab: 'members', title: 'Members' },
  { tab: 'applications', title: 'Applications', managers: true },
];

/** A group: its tabs (the conversation, its members, the applications to join) with the chosen one below. */
export function GroupScreen({ groupId, tab }: { groupId: string; tab: GroupTab }) {
  const dispatch = useAppDispatch();
  const role = useAppSelector((state) => state.groups.mine.find((group) => group.id === groupId)?.role);
  const manager = role === 'owner' || role === 'admin';
  // The messages and the members, read once for all the tabs.
  useEffect(() => {
    void dispatch(openGroup(groupId));
  }, [dispatch, groupId]);
  return (
    <View style={{ flex: 1 }}>
      <Row>
        {TABS.filter((each) => manager || !each.managers).map(({ tab: each, title }) => (
          <Button key={each} kind={each === tab ? 'primary' : 'plain'} title={title} label={`${title} tab`} onPress={() => dispatch(tabShown(each))} />
        ))}
      </Row>
      <View style={[styles.screen, { paddingTop: 4 }]}>
        {tab === 'chat' && <ChatTab groupId={groupId} />}
        {tab === 'members' && <MembersTab groupId={groupId} />}
        {tab === 'applications' && <ApplicationsTab groupId={groupId} />}
      </View>
    </View>
  );
}
