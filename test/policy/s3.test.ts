import { AWS } from '../../policy-pack/rules/resource-types';
import { s3BucketPublicAccessBlock } from '../../policy-pack/rules/s3';
import { StackResourceSpec, UNKNOWN_STRING, runStackPolicy, withChange } from './policy-harness';

const ALL_ON = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const BUCKET: StackResourceSpec = { type: AWS.s3Bucket, name: 'site', props: { bucket: 'site-1a2b3c', forceDestroy: true } };
const BLOCK: StackResourceSpec = { type: AWS.s3BucketPublicAccessBlock, name: 'site-block', props: { bucket: 'site-1a2b3c', ...ALL_ON } };
const run = (resources: StackResourceSpec[]) => runStackPolicy(s3BucketPublicAccessBlock, resources);

describe('s3-bucket-public-access-block (stack)', () => {
  test('a bucket with its block, all four settings on, passes (Bucket and BucketV2)', async () => {
    expect((await run([BUCKET, BLOCK])).violations).toEqual([]);
    expect((await run([{ ...BUCKET, type: AWS.s3BucketV2 }, BLOCK])).violations).toEqual([]);
  });

  test.each(Object.keys(ALL_ON))('%s false trips it, against the bucket', async (flag) => {
    const outcome = await run([BUCKET, { ...BLOCK, props: withChange(BLOCK.props, flag, false) }]);
    expect(outcome.violations).toEqual([expect.stringContaining(flag)]);
    expect(outcome.urns).toEqual([expect.stringContaining('aws:s3/bucket:Bucket::site')]);
  });

  test('a bucket without a block, or whose block names another bucket, trips it', async () => {
    expect((await run([BUCKET])).violations).toHaveLength(1);
    expect((await run([BUCKET, { ...BLOCK, props: withChange(BLOCK.props, 'bucket', 'other') }])).violations).toHaveLength(1);
  });

  test('during preview an unknown bucket name is matched through the dependency on the bucket', async () => {
    const unknown = { ...BUCKET, props: { bucket: UNKNOWN_STRING } };
    expect((await run([unknown, { ...BLOCK, props: { ...ALL_ON, bucket: UNKNOWN_STRING }, propertyDependencies: { bucket: ['site'] } }])).violations).toEqual([]);
    expect((await run([unknown, { ...BLOCK, props: { ...ALL_ON, bucket: UNKNOWN_STRING } }])).violations).toHaveLength(1);
  });

  test('the account-wide block with all four settings covers every bucket', async () => {
    const account: StackResourceSpec = { type: AWS.s3AccountPublicAccessBlock, name: 'account', props: ALL_ON };
    expect((await run([BUCKET, account])).violations).toEqual([]);
    expect((await run([BUCKET, { ...account, props: withChange(ALL_ON, 'blockPublicPolicy', false) }])).violations).toHaveLength(1);
  });

  test('a stack without buckets is not applicable', async () => {
    expect((await run([BLOCK])).notApplicable).toBe(true);
  });
});
