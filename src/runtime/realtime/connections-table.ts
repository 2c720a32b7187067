import {
  BatchWriteItemCommand,
  DynamoDBClient,
  QueryCommand,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { SDK_CLIENT_SETTINGS } from '../sdk-clients';

/** Items outlive API Gateway's 2-hour connection limit a little, then DynamoDB's TTL removes them. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 10 * 60;
const BATCH_LIMIT = 25;

type Key = { pk: string; sk: string };
const conn = (id: string) => `CONN#${id}`;
const user = (id: string) => `USER#${id}`;
const group = (id: string) => `GROUP#${id}`;

/**
 * The connections table. Items (all keyed `pk`/`sk`):
 * - `CONN#c / CONN#c`: the connection, with its user;
 * - `USER#u / CONN#c`: a user's live connections;
 * - `GROUP#g / CONN#c` and `CONN#c / GROUP#g`: a connection's subscription to a group, both ways round,
 *   so a group's audience is one query and a closing connection finds its subscriptions in one query.
 */
export class ConnectionsTable {
  constructor(
    private readonly tableName: string,
    private readonly client = new DynamoDBClient(SDK_CLIENT_SETTINGS),
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a new connection of `userId`, subscribed to `groupIds`. */
  async addConnection(connectionId: string, userId: string, groupIds: string[]): Promise<void> {
    const expiresAt = this.expiresAt();
    const items: Record<string, AttributeValue>[] = [
      { ...this.key({ pk: conn(connectionId), sk: conn(connectionId) }), userId: { S: userId }, connectedAt: { N: String(this.now()) }, expiresAt },
      { ...this.key({ pk: user(userId), sk: conn(connectionId) }), expiresAt },
      ...groupIds.flatMap((groupId) => this.subscriptionItems(connectionId, userId, groupId, expiresAt)),
    ];
    await this.write(items.map((Item) => ({ PutRequest: { Item } })));
  }

  /** Forgets a connection and its subscriptions. Deleting what is already gone is fine. */
  async removeConnection(connectionId: string): Promise<void> {
    const items = await this.query(conn(connectionId));
    const keys: Key[] = items.map((item) => ({ pk: item.pk.S!, sk: item.sk.S! }));
    for (const item of items) {
      const sk = item.sk.S!;
      if (sk.startsWith('GROUP#')) keys.push({ pk: sk, sk: conn(connectionId) });
      if (sk === conn(connectionId) && item.userId?.S) keys.push({ pk: user(item.userId.S), sk: conn(connectionId) });
    }
    await this.write(keys.map((key) => ({ DeleteRequest: { Key: this.key(key) } })));
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

  async groupConnections(groupId: string): Promise<string[]> {
    return this.connectionIdsUnder(group(groupId));
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
  private async query(pk: string, projection?: string): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    const nowSeconds = Math.floor(this.now() / 1000);
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
          ProjectionExpression: projection,
          ExpressionAttributeValues: { ':pk': { S: pk }, ':now': { N: String(nowSeconds) } },
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
