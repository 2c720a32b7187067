import { useState } from 'react';
import { FlatList, Text, TextInput, View } from 'react-native';
import type { Message } from 'pulumi-groupchat/client';
import { PendingMessage, newDraftId, sendMessage } from '../../../chat-core/chat-slice';
import { authorName } from '../../../chat-core/words';
import { Alert, Button, Row, styles } from '../components/ui';
import { useAppDispatch, useAppSelector } from '../store/store';

const noMessages: Message[] = [];
const noPending: PendingMessage[] = [];

/** The group's conversation: its messages (newest at the bottom), mine on their way, and the composer. */
export function ChatTab({ groupId }: { groupId: string }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((state) => state.chat[groupId]);
  const messages = chat?.messages ?? noMessages;
  const pending = (chat?.pending ?? noPending).filter((message) => message.parentId === null);
  const me = useAppSelector((state) => state.session.user);
  const [draft, setDraft] = useState('');

  const send = () => {
    const body = draft.trim();
    if (!body) return;
    setDraft('');
    void dispatch(sendMessage({ groupId, id: dispatch(newDraftId()), body }));
  };

  return (
    <View style={{ flex: 1, gap: 8 }}>
      {chat?.status === 'loading' && <Text style={styles.muted}>Loading…</Text>}
      {chat?.error && <Alert>{chat.error}</Alert>}
      <FlatList
        accessibilityLabel="Messages"
        data={messages}
        keyExtractor={(message) => message.id}
        renderItem={({ item }) => (
          <View testID={`message-${item.id}`} style={styles.listItem}>
            <Text style={{ fontWeight: '600' }}>{authorName(chat?.members, me, item.authorId)}</Text>
            <Text>{item.body}</Text>
          </View>
        )}
      />
      {pending.map((message) => (
        <View key={message.id} testID={`pending-${message.id}`} style={styles.listItem}>
          <Text style={styles.muted}>{message.body}</Text>
          <Text style={styles.muted}>{message.status === 'sending' ? 'Sending…' : `Not sent: ${message.error}`}</Text>
        </View>
      ))}
      <Row>
        <TextInput accessibilityLabel="Message" placeholder="Write a message" style={styles.input} value={draft} onChangeText={setDraft} onSubmitEditing={send} />
        <Button title="Send" disabled={!draft.trim()} onPress={send} />
      </Row>
    </View>
  );
}
