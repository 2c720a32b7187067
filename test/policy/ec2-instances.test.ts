import { ebsVolumesEncrypted, ec2Imdsv2Required } from '../../policy-pack/rules/ec2-instances';
import { AWS } from '../../policy-pack/rules/resource-types';
import { Props, runResourcePolicy, withChange } from './policy-harness';

const INSTANCE: Props = {
  ami: 'ami-1',
  instanceType: 't4g.medium',
  associatePublicIpAddress: false,
  metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
  rootBlockDevice: { volumeType: 'gp3', volumeSize: 16, encrypted: true },
};
const VOLUME: Props = { availabilityZone: 'us-east-1a', type: 'gp3', size: 32, encrypted: true };

describe('ebs-volumes-encrypted', () => {
  test('an encrypted volume and an instance with an encrypted root volume pass', async () => {
    expect((await runResourcePolicy(ebsVolumesEncrypted, AWS.ebsVolume, VOLUME)).violations).toEqual([]);
    expect((await runResourcePolicy(ebsVolumesEncrypted, AWS.instance, INSTANCE)).violations).toEqual([]);
  });

  test.each([
    ['volume encrypted false', AWS.ebsVolume, withChange(VOLUME, 'encrypted', false)],
    ['volume encrypted unset', AWS.ebsVolume, withChange(VOLUME, 'encrypted', undefined)],
    ['root volume encrypted false', AWS.instance, withChange(INSTANCE, 'rootBlockDevice.encrypted', false)],
    ['root volume encrypted unset', AWS.instance, withChange(INSTANCE, 'rootBlockDevice.encrypted', undefined)],
    ['no rootBlockDevice (the AMI decides)', AWS.instance, withChange(INSTANCE, 'rootBlockDevice', undefined)],
    ['an unencrypted extra EBS block device', AWS.instance, withChange(INSTANCE, 'ebsBlockDevices', [{ deviceName: '/dev/sdf', volumeSize: 8 }])],
  ])('%s trips it', async (_, type, props) => {
    expect((await runResourcePolicy(ebsVolumesEncrypted, type, props)).violations).toHaveLength(1);
  });

  test('an encrypted extra EBS block device passes', async () => {
    const props = withChange(INSTANCE, 'ebsBlockDevices', [{ deviceName: '/dev/sdf', encrypted: true }]);
    expect((await runResourcePolicy(ebsVolumesEncrypted, AWS.instance, props)).violations).toEqual([]);
  });
});

describe('ec2-imdsv2-required', () => {
  test('required tokens pass on instances and launch templates; a disabled endpoint passes too', async () => {
    expect((await runResourcePolicy(ec2Imdsv2Required, AWS.instance, INSTANCE)).violations).toEqual([]);
    expect((await runResourcePolicy(ec2Imdsv2Required, AWS.launchTemplate, { metadataOptions: { httpTokens: 'required' } })).violations).toEqual([]);
    expect((await runResourcePolicy(ec2Imdsv2Required, AWS.instance, withChange(INSTANCE, 'metadataOptions', { httpEndpoint: 'disabled' }))).violations).toEqual([]);
  });

  test.each([
    ['httpTokens optional', withChange(INSTANCE, 'metadataOptions.httpTokens', 'optional')],
    ['httpTokens unset', withChange(INSTANCE, 'metadataOptions.httpTokens', undefined)],
    ['no metadataOptions', withChange(INSTANCE, 'metadataOptions', undefined)],
  ])('%s trips it', async (_, props) => {
    expect((await runResourcePolicy(ec2Imdsv2Required, AWS.instance, props)).violations).toHaveLength(1);
    expect((await runResourcePolicy(ec2Imdsv2Required, AWS.launchTemplate, props)).violations).toHaveLength(1);
  });
});
