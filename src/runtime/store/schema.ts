import { type Driver, Neo4jError } from 'neo4j-driver';
import { writeTransaction } from './transactions';
import { addCounters } from './unread';

/**
 * The version of {@link SCHEMA}: raise it with every change to the schema. The local runtime records it in its
 * data folder, to know when a folder was migrated by an older (or refused by a newer) release.
 */
export const SCHEMA_VERSION = 1;

/**
 * The schema, by name. Uniqueness constraints make concurrent `MERGE`/`CREATE` safe and prove the
 * invariants (one message per id, one position per child, one event per seq, one pending application
 * per applicant and group); each is backed by a range index that the queries read through.
 */
export const SCHEMA: Readonly<Record<string, string>> = {
  user_id: 'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
  group_id: 'CREATE CONSTRAINT group_id IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE',
  message_id: 'CREATE CONSTRAINT message_id IF NOT EXISTS FOR (m:Message) REQUIRE m.id IS UNIQUE',
  // Pages are range reads on (parentKey, position): the groupId for top-level messages, the parent's id for replies.
  message_position:
    'CREATE CONSTRAINT message_position IF NOT EXISTS FOR (m:Message) REQUIRE (m.parentKey, m.position) IS UNIQUE',
  // One reaction per user, message and emoji; `mine` in a page is a seek on its (messageId, userId) prefix.
  reaction_unique:
    'CREATE CONSTRAINT reaction_unique IF NOT EXISTS FOR (r:Reaction) REQUIRE (r.messageId, r.userId, r.emoji) IS UNIQUE',
  // Unread counts are range reads on (groupId, seq) from a member's read marker (see groups.ts).
  message_group_seq: 'CREATE INDEX message_group_seq IF NOT EXISTS FOR (m:Message) ON (m.groupId, m.seq)',
  event_seq: 'CREATE CONSTRAINT event_seq IF NOT EXISTS FOR (e:Event) REQUIRE (e.groupId, e.seq) IS UNIQUE',
  application_id: 'CREATE CONSTRAINT application_id IF NOT EXISTS FOR (a:Application) REQUIRE a.id IS UNIQUE',
  // `pendingApplicantId` is set only while an application is pending.
  application_pending:
    'CREATE CONSTRAINT application_pending IF NOT EXISTS FOR (a:Application) REQUIRE (a.groupId, a.pendingApplicantId) IS UNIQUE',
  application_applicant:
    'CREATE INDEX application_applicant IF NOT EXISTS FOR (a:Application) ON (a.groupId, a.applicantId)',
  application_status: 'CREATE INDEX application_status IF NOT EXISTS FOR (a:Application) ON (a.groupId, a.status)',
  group_discoverable: 'CREATE INDEX group_discoverable IF NOT EXISTS FOR (g:Group) ON (g.discoverable)',
};

// Two migrations racing may both try to create the same rule; the loser finds it created.
const ALREADY_THERE = new Set([
  'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists',
  'Neo.ClientError.Schema.ConstraintAlreadyExists',
  'Neo.ClientError.Schema.IndexAlreadyExists',
]);

/**
 * Creates the constraints and indexes the store does not have yet (a store that has them all costs one query:
 * every start of the local runtime and every deploy runs this), and gives the unread counters to groups stored
 * before them (one more query when there are none); idempotent; returns the names of what it
 * created or found.
 */
export async function migrate(driver: Driver, database?: string): Promise<{ applied: string[] }> {
  const present = async () => {
    const { records } = await driver.executeQuery(
      'SHOW INDEXES YIELD name, state WHERE name IN $names RETURN name, state',
      { names: Object.keys(SCHEMA) },
      { database },
    );
    return new Map(records.map((record) => [record.get('name') as string, record.get('state') as string]));
  };
  let found = await present();
  const absent = Object.entries(SCHEMA).filter(([name]) => !found.has(name));
  for (const [, statement] of absent) {
    try {
      await writeTransaction({ driver, database }, (tx) => tx.run(statement));
    } catch (error) {
      if (!(error instanceof Neo4jError && ALREADY_THERE.has(error.code))) throw error;
    }
  }
  if (absent.length > 0) found = await present();
  const missing = Object.keys(SCHEMA).filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new Error(`migrate: the schema has no ${missing.join(', ')} after creating it; is another rule of that name in the way?`);
  }
  if ([...found.values()].some((state) => state !== 'ONLINE')) await driver.executeQuery('CALL db.awaitIndexes(300)', {}, { database });
  await addCounters(driver, database);
  return { applied: Object.keys(SCHEMA) };
}
