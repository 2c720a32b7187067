import { dynamodbPointInTimeRecovery, dynamodbTableEncrypted, snsTopicEncrypted } from '../../policy-pack/rules/data-stores';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, runResourcePolicy, withChange } from './policy-harness';

const TABLE: Props = {
  billingMode: 'PAY_PER_REQUEST',
  hashKey: 'pk',
  rangeKey: 'sk',
  attributes: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' }],
  ttl: { attributeName: 'expiresAt', enabled: true },
  pointInTimeRecovery: { enabled: true },
  serverSideEncryption: { enabled: true },
};

describe('sns-topic-encrypted', () => {
  test('a topic with a KMS key passes', async () => {
    expect((await runResourcePolicy(snsTopicEncrypted, AWS.snsTopic, { kmsMasterKeyId: 'alias/aws/sns' })).violations).toEqual([]);
  });

  test.each([['unset', undefined], ['empty', ''], ['blank', '  ']])('kmsMasterKeyId %s trips it', async (_, value) => {
    expect((await runResourcePolicy(snsTopicEncrypted, AWS.snsTopic, withChange({ kmsMasterKeyId: 'alias/aws/sns' }, 'kmsMasterKeyId', value))).violations).toHaveLength(1);
  });
});

describe('dynamodb-table-encrypted and dynamodb-point-in-time-recovery', () => {
  test('the connections table passes both', async () => {
    expect((await runResourcePolicy(dynamodbTableEncrypted, AWS.dynamodbTable, TABLE)).violations).toEqual([]);
    expect((await runResourcePolicy(dynamodbPointInTimeRecovery, AWS.dynamodbTable, TABLE)).violations).toEqual([]);
  });

  test.each([
    ['serverSideEncryption.enabled false', 'serverSideEncryption.enabled', false],
    ['no serverSideEncryption', 'serverSideEncryption', undefined],
  ])('%s trips only the encryption rule', async (_, path, value) => {
    const props = withChange(TABLE, path, value);
    expect((await runResourcePolicy(dynamodbTableEncrypted, AWS.dynamodbTable, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(dynamodbPointInTimeRecovery, AWS.dynamodbTable, props)).violations).toEqual([]);
  });

  test.each([
    ['pointInTimeRecovery.enabled false', 'pointInTimeRecovery.enabled', false],
    ['no pointInTimeRecovery', 'pointInTimeRecovery', undefined],
  ])('%s trips only the recovery rule', async (_, path, value) => {
    const props = withChange(TABLE, path, value);
    expect((await runResourcePolicy(dynamodbPointInTimeRecovery, AWS.dynamodbTable, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(dynamodbTableEncrypted, AWS.dynamodbTable, props)).violations).toEqual([]);
  });
});
