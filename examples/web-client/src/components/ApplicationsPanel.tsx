import { useEffect, useId, useState } from 'react';
import type { Application } from 'pulumi-groupchat/client';
import { approveApplication, loadApplications, rejectApplication } from '../../../chat-core/applications-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** The group's pending applications, for its owner and admins: approve, or reject with a reason. */
export function ApplicationsPanel({ groupId }: { groupId: string }) {
  const dispatch = useAppDispatch();
  const applications = useAppSelector((state) => state.applications[groupId]);

  useEffect(() => {
    void dispatch(loadApplications(groupId));
  }, [dispatch, groupId]);

  if (!applications || applications.status === 'loading' || applications.status === 'idle') return <p className="muted">Loading applications…</p>;
  return (
    <section className="applications" aria-label="Pending applications">
      {applications.error && <p role="alert">{applications.error}</p>}
      {applications.pending.length === 0 ? (
        <p className="muted">No one is waiting to join.</p>
      ) : (
        <ul className="cards">
          {applications.pending.map((application) => (
            <PendingApplication
              key={application.id}
              application={application}
              busy={applications.deciding.includes(application.applicant.id)}
              onApprove={() => void dispatch(approveApplication({ groupId, userId: application.applicant.id }))}
              onReject={(reason) => void dispatch(rejectApplication({ groupId, userId: application.applicant.id, reason }))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface PendingApplicationProps {
  application: Application;
  busy: boolean;
  onApprove(): void;
  onReject(reason: string): void;
}

function PendingApplication({ application, busy, onApprove, onReject }: PendingApplicationProps) {
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const { applicant } = application;
  return (
    <li className="card" data-applicant={applicant.email}>
      <h3>
        {applicant.name} <small>{applicant.email}</small>
      </h3>
      {application.message && <blockquote>{application.message}</blockquote>}
      <div className="actions">
        <button type="button" onClick={onApprove} disabled={busy} aria-label={`Approve ${applicant.name}`}>
          Approve
        </button>
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            onReject(reason);
          }}
        >
          <label htmlFor={reasonId}>Reason for rejecting {applicant.name} (optional)</label>
          <input id={reasonId} type="text" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          <button type="submit" disabled={busy} aria-label={`Reject ${applicant.name}`}>
            Reject
          </button>
        </form>
      </div>
    </li>
  );
}
