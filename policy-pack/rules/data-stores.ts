import type { ResourceValidationPolicy } from '@pulumi/policy';
import { describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** SNS topics are encrypted at rest with a KMS key. */
export const snsTopicEncrypted: ResourceValidationPolicy = {
  name: 'sns-topic-encrypted',
  description: 'SNS topics are encrypted at rest with a KMS key (kmsMasterKeyId).',
  remediationSteps: "Set kmsMasterKeyId, e.g. 'alias/aws/sns' or a customer managed key.",
  validateResource: forTypes([AWS.snsTopic], (props, args, reportViolation) => {
    if (typeof props.kmsMasterKeyId !== 'string' || props.kmsMasterKeyId.trim() === '') {
      reportViolation(`${describe(args)} is not encrypted: set kmsMasterKeyId.`);
    }
  }),
};

/** DynamoDB tables are encrypted with a KMS key (AWS managed or customer managed). */
export const dynamodbTableEncrypted: ResourceValidationPolicy = {
  name: 'dynamodb-table-encrypted',
  description: 'DynamoDB tables are encrypted with a KMS key (serverSideEncryption.enabled).',
  remediationSteps: 'Set serverSideEncryption: { enabled: true } (optionally with kmsKeyArn).',
  validateResource: forTypes([AWS.dynamodbTable], (props, args, reportViolation) => {
    if (props.serverSideEncryption?.enabled !== true) {
      reportViolation(`${describe(args)} must set serverSideEncryption.enabled to true.`);
    }
  }),
};

/** DynamoDB tables keep point-in-time recovery. */
export const dynamodbPointInTimeRecovery: ResourceValidationPolicy = {
  name: 'dynamodb-point-in-time-recovery',
  description: 'DynamoDB tables have point-in-time recovery enabled.',
  remediationSteps: 'Set pointInTimeRecovery: { enabled: true }.',
  validateResource: forTypes([AWS.dynamodbTable], (props, args, reportViolation) => {
    if (props.pointInTimeRecovery?.enabled !== true) {
      reportViolation(`${describe(args)} must set pointInTimeRecovery.enabled to true.`);
    }
  }),
};
