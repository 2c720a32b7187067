import type { ManagedTransaction } from 'neo4j-driver';
import type { Application, ApplicationStatus } from '../../contract/model';
import { toApplication } from './mapping';

/*
 * Applications are nodes `(u)-[:APPLIED]->(a:Application)-[:TO]->(g)` that are never deleted: a decided
 * application keeps who decided, when and why, and a new application is a new node. `attempt` numbers a
 * user's applications to a group; `pendingApplicantId` is set only while pending, under a uniqueness
 * constraint, so there is never more than one pending application per user and group.
 */

const RETURN_APPLICATION = `MATCH (u:User {id: a.applicantId}) RETURN a {.*} AS application, u {.*} AS applicant`;

function applications(records: { get(key: string): unknown }[]): Application[] {
  return records.map((record) =>
    toApplication(record.get('application') as Record<string, unknown>, record.get('applicant') as Record<string, unknown>),
  );
}

/** The user's most recent application to the group; null when there was none. */
export async function latestApplication(
  tx: ManagedTransaction,
  groupId: string,
  applicantId: string,
): Promise<Application | null> {
  const result = await tx.run(
    `MATCH (a:Application {groupId: $groupId, applicantId: $applicantId})
     WITH a ORDER BY a.attempt DESC LIMIT 1
     ${RETURN_APPLICATION}`,
    { groupId, applicantId },
  );
  return applications(result.records)[0] ?? null;
}

/** Files a pending application. Both nodes must exist. */
export async function createApplication(
  tx: ManagedTransaction,
  application: { id: string; groupId: string; applicantId: string; message: string | null; now: string },
): Promise<Application> {
  const result = await tx.run(
    `MATCH (u:User {id: $applicantId}), (g:Group {id: $groupId})
     CALL (u, g) {
       OPTIONAL MATCH (earlier:Application {groupId: $groupId, applicantId: $applicantId})
       RETURN count(earlier) AS earlier
     }
     CREATE (u)-[:APPLIED]->(a:Application {
       id: $id, groupId: $groupId, applicantId: $applicantId, pendingApplicantId: $applicantId,
       status: 'pending', message: $message, createdAt: datetime($now), attempt: earlier + 1
     })-[:TO]->(g)
     WITH a
     ${RETURN_APPLICATION}`,
    application,
  );
  return applications(result.records)[0];
}

/** Moves a pending application to its final state, recording who decided, when and why. */
export async function decideApplication(
  tx: ManagedTransaction,
  decision: {
    id: string;
    status: Exclude<ApplicationStatus, 'pending'>;
    decidedBy: string;
    reason: string | null;
    now: string;
  },
): Promise<Application> {
  const result = await tx.run(
    `MATCH (a:Application {id: $id})
     SET a.status = $status, a.decidedBy = $decidedBy, a.reason = $reason, a.decidedAt = datetime($now)
     REMOVE a.pendingApplicantId
     WITH a
     ${RETURN_APPLICATION}`,
    decision,
  );
  return applications(result.records)[0];
}

/** The group's applications in the given state, oldest first. */
export async function listApplications(
  tx: ManagedTransaction,
  groupId: string,
  status: ApplicationStatus,
): Promise<Application[]> {
  const result = await tx.run(
    `MATCH (a:Application {groupId: $groupId, status: $status})
     WITH a ORDER BY a.createdAt, a.applicantId, a.attempt
     ${RETURN_APPLICATION}`,
    { groupId, status },
  );
  return applications(result.records);
}
