import { useEffect, useState } from 'react';
import { FlatList, Text, TextInput, View } from 'react-native';
import type { Application } from 'pulumi-groupchat/client';
import { approveApplication, loadApplications, rejectApplication } from '../../../chat-core/applications-slice';
import { Alert, Button, Row, styles } from '../components/ui';
import { useAppDispatch, useAppSelector } from '../store/store';

/** The group's pending applications, for its owner and admins: approve, or reject with an optional reason. */
export function ApplicationsTab({ groupId }: { groupId: string }) {
  const dispatch = useAppDispatch();
  const applications = useAppSelector((state) => state.applications[groupId]);

  useEffect(() => {
    void dispatch(loadApplications(groupId));
  }, [dispatch, groupId]);

  if (!applications || applications.status === 'loading' || applications.status === 'idle') return <Text style={styles.muted}>Loading applications…</Text>;
  return (
    <View style={{ flex: 1, gap: 8 }}>
      {applications.error && <Alert>{applications.error}</Alert>}
      {applications.pending.length === 0 && <Text style={styles.muted}>No one is waiting to join.</Text>}
      <FlatList
        data={applications.pending}
        keyExtractor={(application) => application.id}
        renderItem={({ item }) => (
          <PendingApplication
            application={item}
            busy={applications.deciding.includes(item.applicant.id)}
            onApprove={() => void dispatch(approveApplication({ groupId, userId: item.applicant.id }))}
            onReject={(reason) => void dispatch(rejectApplication({ groupId, userId: item.applicant.id, reason }))}
          />
        )}
      />
    </View>
  );
}

function PendingApplication({ application, busy, onApprove, onReject }: { application: Application; busy: boolean; onApprove(): void; onReject(reason: string): void }) {
  const [reason, setReason] = useState('');
  const { applicant } = application;
  return (
    <View style={[styles.listItem, { gap: 6 }]}>
      <Text style={{ fontWeight: '600' }}>{applicant.name}</Text>
      <Text style={styles.muted}>{applicant.email}</Text>
      {application.message ? <Text>“{application.message}”</Text> : null}
      <TextInput
        accessibilityLabel={`Reason for rejecting ${applicant.name} (optional)`}
        placeholder="Reason for rejecting (optional)"
        style={styles.input}
        value={reason}
        maxLength={500}
        onChangeText={setReason}
      />
      <Row>
        <Button title="Approve" label={`Approve ${applicant.name}`} disabled={busy} onPress={onApprove} />
        <Button title="Reject" label={`Reject ${applicant.name}`} disabled={busy} onPress={() => onReject(reason)} />
      </Row>
    </View>
  );
}
