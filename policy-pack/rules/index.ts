import type { Policies } from '@pulumi/policy';
import { apiGatewayStageAccessLogging, apiGatewayStageThrottling } from './api-gateway';
import { cognitoUserPoolDeletionProtection, cognitoUserPoolPasswordPolicy } from './cognito';
import { databaseInstanceNoPublicIp, databaseNoPublicIngress } from './database-network';
import { dynamodbPointInTimeRecovery, dynamodbTableEncrypted, snsTopicEncrypted } from './data-stores';
import { ebsVolumesEncrypted, ec2Imdsv2Required } from './ec2-instances';
import { iamNoWildcardActions, iamNoWildcardResources } from './iam';
import { iamAwsManagedPoliciesAllowListed } from './iam-managed-policies';
import { monitoringAlarms } from './monitoring';
import { lambdaLogGroupRetention, lambdaNoSecretEnvironmentVariables, lambdaSupportedNodejsRuntime } from './lambda';
import { s3BucketPublicAccessBlock } from './s3';

/** Every policy of the pack, in the order the CLI lists them. */
export const groupChatPolicies: Policies = [
  databaseNoPublicIngress,
  databaseInstanceNoPublicIp,
  ebsVolumesEncrypted,
  ec2Imdsv2Required,
  lambdaSupportedNodejsRuntime,
  lambdaLogGroupRetention,
  lambdaNoSecretEnvironmentVariables,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamAwsManagedPoliciesAllowListed,
  snsTopicEncrypted,
  dynamodbTableEncrypted,
  dynamodbPointInTimeRecovery,
  apiGatewayStageThrottling,
  apiGatewayStageAccessLogging,
  s3BucketPublicAccessBlock,
  cognitoUserPoolDeletionProtection,
  cognitoUserPoolPasswordPolicy,
  monitoringAlarms,
];
