import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '../runtime/store/schema';
import { SigningKey } from './signing-key';

/** What the local runtime keeps between starts, all in one folder (`.groupchat/` for `npm start`). */
export interface DataFolderLayout {
  /** The folder itself. */
  dir: string;
  /** Neo4j's store (groups, users, messages, events). */
  neo4j: string;
  /** The dev identity provider's private key (PKCS#8 PEM): tokens stay valid across restarts. */
  signingKey: string;
  /** `{"schemaVersion": n}`: the schema version the store was last migrated to. */
  schema: string;
}

/** The paths inside a data folder. */
export function dataFolderLayout(dir: string): DataFolderLayout {
  return { dir, neo4j: join(dir, 'neo4j'), signingKey: join(dir, 'signing-key.pem'), schema: join(dir, 'schema.json') };
}

/** A data folder that this release cannot use: the message says what to do. */
export class DataFolderError extends Error {}

/** The kept state of a local runtime: its signing key, and the schema version its store is at. */
export class DataFolder {
  readonly layout: DataFolderLayout;

  constructor(dir: string) {
    this.layout = dataFolderLayout(dir);
    mkdirSync(dir, { recursive: true });
  }

  /** The identity provider's key, created on the first start. */
  signingKey(): SigningKey {
    return SigningKey.inFile(this.layout.signingKey);
  }

  /** The schema version recorded by the last migration; 0 for a folder that has none recorded. */
  schemaVersion(): number {
    if (!existsSync(this.layout.schema)) return 0;
    const recorded = (JSON.parse(readFileSync(this.layout.schema, 'utf8')) as { schemaVersion?: unknown }).schemaVersion;
    return typeof recorded === 'number' ? recorded : 0;
  }

  /** Throws when the store was migrated by a newer release, whose schema this one does not know. */
  checkSchemaVersion(): number {
    const recorded = this.schemaVersion();
    if (recorded > SCHEMA_VERSION) {
      throw new DataFolderError(
        `The data folder ${this.layout.dir} holds schema version ${recorded}, newer than this release's ${SCHEMA_VERSION}: ` +
          'run the newer release, or start over with `npm start -- --reset` (deletes the local data).',
      );
    }
    return recorded;
  }

  /** Records that the store was migrated to this release's schema. */
  recordSchemaVersion(): void {
    writeFileSync(this.layout.schema, `${JSON.stringify({ schemaVersion: SCHEMA_VERSION }, null, 2)}\n`);
  }
}
