import { Text, View } from 'react-native';
import { noticeDismissed } from '../../../chat-core/groups-slice';
import { noticeText } from '../../../chat-core/words';
import { useAppDispatch, useAppSelector } from '../store/store';
import { Button, Row } from './ui';

/** What the owners decided about my applications, and my removals from groups, until dismissed. */
export function Notices() {
  const dispatch = useAppDispatch();
  const notices = useAppSelector((state) => state.groups.notices);
  if (notices.length === 0) return null;
  return (
    <View accessibilityLiveRegion="polite" style={{ padding: 8, gap: 4 }}>
      {notices.map((notice) => (
        <Row key={`${notice.id}-${notice.kind}`}>
          <Text style={{ flex: 1 }}>{noticeText(notice)}</Text>
          <Button kind="plain" title="Dismiss" label="Dismiss notice" onPress={() => dispatch(noticeDismissed(notice.id))} />
        </Row>
      ))}
    </View>
  );
}
