import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';

/** Items outlive API Gateway's 2-hour connection limit a little, then DynamoDB's TTL removes them. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 10 * 60;
const BATCH_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
const PRESENCE_GRACE_SECONDS = 24 * 60 * 60;
/** At most one typing event per user and group in this time; more are dropped. */
export const TYPING_INTERVAL_MS = 3000;

type Key = { pk: string; sk: string };
const conn = (id: string) => `CONN#${id}`;
const user = (id: string) => `USER#${id}`;
const group = (id: string) => `GROUP#${id}`;
const presence = (id: string) => `PRESENCE#${id}`;
const typing = (id: string) => `TYPING#${id}`;
/** The attribute of a presence item that holds one connection's expiry. */
const ENTRY = 'c#';

type Item = Record<string, AttributeValue>;

/** What {@link ConnectionsTable.removeConnection} removed. */
export interface RemovedConnection {
  userId: string;
  /** The groups the connection was subscribed to. */
  groupIds: string[];
  /** Whether it was the user's last live connection: the user went offline. */
  lastConnection: boolean;
}

/**
 * The connections table. Items (all keyed `pk`/`sk`):
 * - `CONN#c / CONN#c`: the connection, with its user;
 * - `USER#u / CONN#c`: a user's live connections;
 * - `GROUP#g / CONN#c` and `CONN#c / GROUP#g`: a connection's subscription to a group, both ways round,
 *   so a group's audience is one query and a closing connection finds its subscriptions in one query;
 * - `PRESENCE#u / PRESENCE#u`: the user's presence, one attribute `c#<connectionId>` per connection holding its
 *   expiry. Opening and closing a connection are single-item updates, so DynamoDB orders them: the one that
 *   finds no other live connection is the first (online) or the last (offline), whatever runs concurrently;
 * - `TYPING#u / GROUP#g`: until when the user's next typing event in the group is dropped.
 */
export class ConnectionsTable {
  constructor(
    private readonly tableName: string,
    private readonly client = new DynamoDBClient(SDK_CLIENT_SETTINGS),
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a new connection of `userId`, subscribed to `groupIds`; true when it is the user's only live one. */
  async addConnection(connectionId: string, userId: string, groupIds: string[]): Promise<boolean> {
    const expiresAt = this.expiresAt();
    const items: Record<string, AttributeValue>[] = [
      { ...this.key({ pk: conn(connectionId), sk: conn(connectionId) }), userId: { S: userId }, connectedAt: { N: String(this.now()) }, expiresAt },
      { ...this.key({ pk: user(userId), sk: conn(connectionId) }), expiresAt },
      ...groupIds.flatMap((groupId) => this.subscriptionItems(connectionId, userId, groupId, expiresAt)),
    ];
    await this.write(items.map((Item) => ({ PutRequest: { Item } })));
    const before = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: this.key({ pk: presence(userId), sk: presence(userId) }),
        // The item outlives its entries by a day, so expirePresence finds it before DynamoDB's TTL deletes it.
        UpdateExpression: 'SET #entry = :expiresAt, expiresAt = :itemExpiresAt',
        ExpressionAttributeNames: { '#entry': ENTRY + connectionId },
        ExpressionAttributeValues: { ':expiresAt': expiresAt, ':itemExpiresAt': { N: String(Number(expiresAt.N) + PRESENCE_GRACE_SECONDS) } },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return this.liveEntries(before.Attributes).length === 0;
  }

  /**
   * Forgets a connection and its subscriptions; null when it was gone already (closed twice, e.g. by
   * `$disconnect` and by a fan-out that met a 410: only one of them learns that the user went offline).
   */
  async removeConnection(connectionId: string): Promise<RemovedConnection | null> {
    // Expired items too: a connection past its TTL is still closed here, and its user can go offline.
    const items = await this.query(conn(connectionId), undefined, { includeExpired: true });
    const keys: Key[] = items.map((item) => ({ pk: item.pk.S!, sk: item.sk.S! }));
    const groupIds: string[] = [];
    let userId: string | undefined;
    for (const item of items) {
      const sk = item.sk.S!;
      if (sk.startsWith('GROUP#')) {
        keys.push({ pk: sk, sk: conn(connectionId) });
        groupIds.push(sk.slice('GROUP#'.length));
      }
      if (sk === conn(connectionId) && item.userId?.S) userId = item.userId.S;
    }
    if (userId) keys.push({ pk: user(userId), sk: conn(connectionId) });
    await this.write(keys.map((key) => ({ DeleteRequest: { Key: this.key(key) } })));
    if (!userId) return null;
    try {
      const after = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key({ pk: presence(userId), sk: presence(userId) }),
          UpdateExpression: 'REMOVE #entry',
          ConditionExpression: 'attribute_exists(#entry)',
          ExpressionAttributeNames: { '#entry': ENTRY + connectionId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { userId, groupIds, lastConnection: this.liveEntries(after.Attributes).length === 0 };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /** Which of `userIds` have a live connection. */
  async onlineUsers(userIds: readonly string[]): Promise<Set<string>> {
    const online = new Set<string>();
    const unique = [...new Set(userIds)];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let keys: Item[] | undefined = unique.slice(start, start + BATCH_GET_LIMIT).map((id) => this.key({ pk: presence(id), sk: presence(id) }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`DynamoDB left ${keys.length} reads unprocessed after ${attempt} attempts.`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const page: BatchGetItemCommandOutput = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of page.Responses?.[this.tableName] ?? []) {
          if (this.liveEntries(item).length > 0) online.add(item.pk.S!.slice('PRESENCE#'.length));
        }
        keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return online;
  }

  /**
   * Users whose every connection expired without being closed (API Gateway's `$disconnect` is best effort):
   * their expired entries are removed, so each user is returned once. Scans the table: run it now and then.
   */
  async expirePresence(): Promise<string[]> {
    const offline: string[] = [];
    let exclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :presence)',
          ExpressionAttributeValues: { ':presence': { S: 'PRESENCE#' } },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const entries = Object.keys(item).filter((name) => name.startsWith(ENTRY));
        if (entries.length === 0 || this.liveEntries(item).length > 0) continue;
        if (await this.removeEntriesIfUnchanged(item, entries)) offline.push(item.pk.S!.slice('PRESENCE#'.length));
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return offline;
  }

  /** Whether the connection is subscribed to the group (the connection's user is a member). */
  async isSubscribed(connectionId: string, groupId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.key({ pk: conn(connectionId), sk: group(groupId) }), ConsistentRead: true }),
    );
    return Item !== undefined && !this.isExpired(Item);
  }

  /**
   * Takes the user's typing slot in the group: true at most once every {@link TYPING_INTERVAL_MS}, by a
   * conditional write, so the limit holds across every connection and invocation.
   */
  async takeTypingSlot(userId: string, groupId: string): Promise<boolean> {
    const now = this.now();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...this.key({ pk: typing(userId), sk: group(groupId) }),
            until: { N: String(now + TYPING_INTERVAL_MS) },
            expiresAt: { N: String(Math.ceil((now + TYPING_INTERVAL_MS) / 1000) + 60) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Subscribes every live connection of `userId` to `groupId`. */
  async subscribe(userId: string, groupId: string): Promise<void> {
    const expiresAt = this.expiresAt();
    const connectionIds = await this.userConnections(userId);
    const items = connectionIds.flatMap((id) => this.subscriptionItems(id, userId, groupId, expiresAt));
    await this.write(items.map((Item) => ({ PutRequest: { Item } })));
  }

  /** Unsubscribes every live connection of `userId` from `groupId`. */
  async unsubscribe(userId: string, groupId: string): Promise<void> {
    const connectionIds = await this.userConnections(userId);
    const keys = connectionIds.flatMap((id) => [
      { pk: group(groupId), sk: conn(id) },
      { pk: conn(id), sk: group(groupId) },
    ]);
    await this.write(keys.map((key) => ({ DeleteRequest: { Key: this.key(key) } })));
  }

  /** The group's subscribed connections; with `exceptUserId`, without that user's own. */
  async groupConnections(groupId: string, exceptUserId?: string): Promise<string[]> {
    if (exceptUserId === undefined) return this.connectionIdsUnder(group(groupId));
    const items = await this.query(group(groupId), 'sk, userId');
    return items.filter((item) => item.userId?.S !== exceptUserId).map((item) => item.sk.S!.slice('CONN#'.length));
  }

  async userConnections(userId: string): Promise<string[]> {
    return this.connectionIdsUnder(user(userId));
  }

  /** The connection ids in the sort keys (`CONN#c`) under one partition key; only the keys are read. */
  private async connectionIdsUnder(pk: string): Promise<string[]> {
    return (await this.query(pk, 'sk')).map((item) => item.sk.S!.slice('CONN#'.length));
  }

  private subscriptionItems(connectionId: string, userId: string, groupId: string, expiresAt: AttributeValue) {
    return [
      { ...this.key({ pk: group(groupId), sk: conn(connectionId) }), userId: { S: userId }, expiresAt },
      { ...this.key({ pk: conn(connectionId), sk: group(groupId) }), expiresAt },
    ];
  }

  /** The presence entries of an item that have not expired. */
  private liveEntries(item: Item | undefined): string[] {
    const nowSeconds = Math.floor(this.now() / 1000);
    return Object.entries(item ?? {})
      .filter(([name, value]) => name.startsWith(ENTRY) && Number(value.N) > nowSeconds)
      .map(([name]) => name);
  }

  private isExpired(item: Item): boolean {
    return item.expiresAt?.N !== undefined && Number(item.expiresAt.N) <= Math.floor(this.now() / 1000);
  }

  /** Removes expired presence entries, unless a connection opened or closed meanwhile. */
  private async removeEntriesIfUnchanged(item: Item, entries: string[]): Promise<boolean> {
    const names = Object.fromEntries(entries.map((entry, index) => [`#e${index}`, entry]));
    const values = Object.fromEntries(entries.map((entry, index) => [`:e${index}`, item[entry]]));
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.key({ pk: item.pk.S!, sk: item.sk.S! }),
          UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`,
          ConditionExpression: Object.keys(names).map((name, index) => `${name} = :e${index}`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private expiresAt(): AttributeValue {
    return { N: String(Math.floor(this.now() / 1000) + CONNECTION_TTL_SECONDS) };
  }

  private key({ pk, sk }: Key): Record<string, AttributeValue> {
    return { pk: { S: pk }, sk: { S: sk } };
  }

  /**
   * Every item under one partition key that has not expired yet (TTL deletion runs late); with `projection`,
   * only those attributes of each.
   */
  private async query(pk: string, projection?: string, options: { includeExpired?: boolean } = {}): Promise<Item[]> {
    const items: Item[] = [];
    let exclusiveStartKey: Item | undefined;
    const nowSeconds = Math.floor(this.now() / 1000);
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ...(options.includeExpired
            ? { ExpressionAttributeValues: { ':pk': { S: pk } } }
            : {
                FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
                ExpressionAttributeValues: { ':pk': { S: pk }, ':now': { N: String(nowSeconds) } },
              }),
          ProjectionExpression: projection,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return items;
  }

  /** Batch writes in chunks of 25, retrying what DynamoDB leaves unprocessed. */
  private async write(requests: WriteRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
      let pending: WriteRequest[] = requests.slice(start, start + BATCH_LIMIT);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`DynamoDB left ${pending.length} writes unprocessed after ${attempt} attempts.`);
        const result = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = result.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }
}
