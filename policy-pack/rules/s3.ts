import type { PolicyResource, StackValidationPolicy } from '@pulumi/policy';
import { UNKNOWN, readKnown } from './known-values';
import { describe } from './policy-helpers';
import { AWS } from './resource-types';

/** The four settings of an S3 public access block, all of which must be on. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

function missingFlags(block: PolicyResource): string[] {
  return PUBLIC_ACCESS_BLOCK_FLAGS.filter((flag) => readKnown(() => block.props[flag]) !== true);
}

/** Whether a bucket public access block applies to a bucket: it depends on it, or names it. */
function blocks(block: PolicyResource, bucket: PolicyResource): boolean {
  if ((block.propertyDependencies.bucket ?? []).includes(bucket)) {
    return true;
  }
  const blocked = readKnown(() => block.props.bucket);
  if (blocked === UNKNOWN || typeof blocked !== 'string') {
    return false;
  }
  // A block names its bucket by the bucket's id, which for S3 is the bucket's name.
  return ['bucket', 'id'].some((key) => readKnown(() => bucket.props[key]) === blocked);
}

/**
 * Every S3 bucket of the stack has a public access block with all four settings on, unless the stack
 * sets the account-wide block with all four on.
 */
export const s3BucketPublicAccessBlock: StackValidationPolicy = {
  name: 's3-bucket-public-access-block',
  description: 'Every S3 bucket has a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or the stack sets the account-wide block).',
  remediationSteps: 'Add an aws.s3.BucketPublicAccessBlock for the bucket with the four settings true; serve the web client through CloudFront with origin access control.',
  validateStack: (args, reportViolation) => {
    const buckets = args.resources.filter((r) => r.type === AWS.s3Bucket || r.type === AWS.s3BucketV2);
    if (buckets.length === 0) {
      args.notApplicable(`Policy only applies to stacks with resources of type '${AWS.s3Bucket}' or '${AWS.s3BucketV2}'`);
    }
    const accountWide = args.resources.filter((r) => r.type === AWS.s3AccountPublicAccessBlock);
    if (accountWide.some((block) => missingFlags(block).length === 0)) {
      return;
    }
    const bucketBlocks = args.resources.filter((r) => r.type === AWS.s3BucketPublicAccessBlock);
    for (const bucket of buckets) {
      const own = bucketBlocks.filter((block) => blocks(block, bucket));
      if (own.length === 0) {
        reportViolation(`${describe(bucket)} has no BucketPublicAccessBlock.`, bucket.urn);
      } else if (!own.some((block) => missingFlags(block).length === 0)) {
        reportViolation(`${describe(bucket)}: its BucketPublicAccessBlock must set ${missingFlags(own[0]).join(', ')} to true.`, bucket.urn);
      }
    }
  },
};
