import { PolicyPack } from '@pulumi/policy';
import { groupChatPolicies } from './rules';

// Every rule blocks by default; the policy config file (`--policy-pack-config`) lowers or raises each one.
new PolicyPack('pulumi-groupchat', {
  description: 'Rules that keep a pulumi-groupchat deployment safe: database not public, encryption, IMDSv2, least-privilege IAM, log retention, throttling.',
  enforcementLevel: 'mandatory',
  policies: groupChatPolicies,
});
