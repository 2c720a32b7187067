import type { ResourceValidationPolicy } from '@pulumi/policy';
import { Props, asList, describe, forTypes } from './policy-helpers';
import { AWS } from './resource-types';

/** EBS volumes, and the root and extra block devices of instances, are encrypted. */
export const ebsVolumesEncrypted: ResourceValidationPolicy = {
  name: 'ebs-volumes-encrypted',
  description: 'EBS volumes and the root and EBS block devices of EC2 instances are encrypted.',
  remediationSteps: 'Set encrypted: true on the volume, on rootBlockDevice and on every ebsBlockDevices entry.',
  validateResource: forTypes([AWS.ebsVolume, AWS.instance], (props, args, reportViolation) => {
    if (args.type === AWS.ebsVolume) {
      if (props.encrypted !== true) {
        reportViolation(`${describe(args)} is not encrypted.`);
      }
      return;
    }
    // Without rootBlockDevice the root volume follows the AMI's snapshot, which is not encrypted for public AMIs.
    if (props.rootBlockDevice?.encrypted !== true) {
      reportViolation(`${describe(args)} must set rootBlockDevice.encrypted to true.`);
    }
    for (const device of asList<Props>(props.ebsBlockDevices)) {
      if (device.encrypted !== true) {
        reportViolation(`${describe(args)}: EBS block device ${device.deviceName ?? '(unnamed)'} is not encrypted.`);
      }
    }
  }),
};

/** Instances and launch templates require IMDSv2 session tokens (or turn the metadata endpoint off). */
export const ec2Imdsv2Required: ResourceValidationPolicy = {
  name: 'ec2-imdsv2-required',
  description: "EC2 instances and launch templates require IMDSv2 (metadataOptions.httpTokens: 'required').",
  remediationSteps: "Set metadataOptions: { httpTokens: 'required' } (and httpPutResponseHopLimit: 1 unless containers need 2).",
  validateResource: forTypes([AWS.instance, AWS.launchTemplate], (props, args, reportViolation) => {
    const options = props.metadataOptions;
    if (options?.httpEndpoint === 'disabled') {
      return;
    }
    if (options?.httpTokens !== 'required') {
      reportViolation(`${describe(args)} allows IMDSv1: set metadataOptions.httpTokens to 'required'.`);
    }
  }),
};
