import { useState } from 'react';
import { FlatList, Text, View } from 'react-native';
import { MemberAction, byRank, memberActions } from '../../../chat-core/member-menu';
import { memberActionErrorDismissed } from '../../../chat-core/people-slice';
import { plural } from '../../../chat-core/words';
import { Alert, Button, Row, styles } from '../components/ui';
import { useAppDispatch, useAppSelector } from '../store/store';

/**
 * The group's members with their roles and whether they are online, and what the reader may do to each (the
 * rules of `memberActions`); an action that cannot be undone asks first, in the row.
 */
export function MembersTab({ groupId }: { groupId: string }) {
  const dispatch = useAppDispatch();
  const members = useAppSelector((state) => state.chat[groupId]?.members);
  const group = useAppSelector((state) => state.groups.mine.find((candidate) => candidate.id === groupId));
  const me = useAppSelector((state) => state.session.user?.id);
  const actions = useAppSelector((state) => state.people.actions[groupId]);
  const presence = useAppSelector((state) => state.people.presence);
  const [asking, setAsking] = useState<{ userId: string; action: MemberAction } | null>(null);
  if (!members || !group || !me) return <Text style={styles.muted}>Loading members…</Text>;
  const list = Object.values(members).sort(byRank);
  return (
    <View style={{ flex: 1, gap: 8 }}>
      {actions?.error && (
        <Row>
          <Alert>{actions.error}</Alert>
          <Button kind="plain" title="Dismiss" onPress={() => dispatch(memberActionErrorDismissed(groupId))} />
        </Row>
      )}
      <Text style={{ fontWeight: '600' }}>{plural(list.length, 'member', 'members')}</Text>
      <FlatList
        data={list}
        keyExtractor={(member) => member.user.id}
        renderItem={({ item: member }) => {
          const { user } = member;
          const busy = actions?.busy.includes(user.id) ?? false;
          const isOnline = presence[user.id] ?? false;
          return (
            <View testID={`member-${user.id}`} style={[styles.listItem, { gap: 6 }]}>
              <Row>
                <Text accessibilityLabel={isOnline ? 'online' : 'offline'} style={{ color: isOnline ? '#2a9d4a' : '#bbb' }}>
                  ●
                </Text>
                <Text style={{ flex: 1 }}>
                  {user.name}
                  {user.id === me ? ' (you)' : ''}
                </Text>
                <Text style={styles.muted}>{member.role}</Text>
              </Row>
              {asking?.userId === user.id ? (
                <View style={{ gap: 6 }}>
                  <Text>{asking.action.ask}</Text>
                  <Row>
                    <Button
                      title={asking.action.label}
                      label={`Confirm: ${asking.action.label}`}
                      onPress={() => {
                        asking.action.run(dispatch);
                        setAsking(null);
                      }}
                    />
                    <Button kind="plain" title="Cancel" onPress={() => setAsking(null)} />
                  </Row>
                </View>
              ) : (
                <Row>
                  {memberActions(group, member, me).map((action) => (
                    <Button
                      key={action.label}
                      kind="plain"
                      title={action.label}
                      label={action.self ? action.label : `${action.label} (${user.name})`}
                      disabled={busy}
                      onPress={() => (action.ask ? setAsking({ userId: user.id, action }) : action.run(dispatch))}
                    />
                  ))}
                </Row>
              )}
            </View>
          );
        }}
      />
    </View>
  );
}
