import { useState } from 'react';
import { FlatList, Text, TextInput, View } from 'react-native';
import type { GroupSummary } from 'pulumi-groupchat/client';
import { applyToGroup, searchGroups } from '../../../chat-core/groups-slice';
import { APPLICATION_STATUS_TEXT, plural } from '../../../chat-core/words';
import { Alert, Button, Row, styles } from '../components/ui';
import { pushed } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** Finds discoverable groups by name or description, and applies to join them with an optional message. */
export function SearchScreen() {
  const dispatch = useAppDispatch();
  const search = useAppSelector((state) => state.groups.search);
  const [query, setQuery] = useState(search.query);
  const submit = () => {
    if (query.trim()) void dispatch(searchGroups(query.trim()));
  };
  return (
    <View style={styles.screen}>
      <Row>
        <TextInput
          accessibilityLabel="Search groups"
          style={styles.input}
          value={query}
          maxLength={100}
          onChangeText={setQuery}
          onSubmitEditing={submit}
          returnKeyType="search"
          autoCapitalize="none"
        />
        <Button title="Search" disabled={!query.trim()} onPress={submit} />
      </Row>
      {search.status === 'loading' && <Text style={styles.muted}>Searching…</Text>}
      {search.status === 'failed' && <Alert>{search.error}</Alert>}
      {search.status === 'ready' && search.results.length === 0 && <Text style={styles.muted}>No group matches “{search.query}”.</Text>}
      <FlatList
        data={search.results}
        keyExtractor={(summary) => summary.id}
        renderItem={({ item }) => <SearchResult summary={item} onOpen={() => dispatch(pushed({ name: 'group', groupId: item.id, tab: 'chat' }))} />}
      />
    </View>
  );
}

function SearchResult({ summary, onOpen }: { summary: GroupSummary; onOpen(): void }) {
  const dispatch = useAppDispatch();
  const member = useAppSelector((state) => state.groups.mine.some((group) => group.id === summary.id));
  const sent = useAppSelector((state) => state.groups.sent[summary.id]);
  const [message, setMessage] = useState('');
  const canApply = !member && (!sent || sent.status === 'failed' || sent.status === 'rejected');
  return (
    <View testID={`result-${summary.id}`} style={[styles.listItem, { gap: 6 }]}>
      <Text style={{ fontWeight: '600' }}>{summary.name}</Text>
      {summary.description ? <Text>{summary.description}</Text> : null}
      <Text style={styles.muted}>{plural(summary.memberCount, 'member', 'members')}</Text>
      {member && <Button title="Open" label={`Open ${summary.name}`} onPress={onOpen} />}
      {sent && !member && (
        <Text accessibilityLiveRegion="polite">
          {APPLICATION_STATUS_TEXT[sent.status]} {sent.error ?? ''}
        </Text>
      )}
      {canApply && (
        <>
          <TextInput
            accessibilityLabel={`Message to the owners of ${summary.name} (optional)`}
            placeholder="Message to the owners (optional)"
            style={styles.input}
            value={message}
            maxLength={1000}
            onChangeText={setMessage}
          />
          <Button title="Apply to join" label={`Apply to join ${summary.name}`} onPress={() => void dispatch(applyToGroup({ groupId: summary.id, message }))} />
        </>
      )}
    </View>
  );
}
