import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PRIMARY } from './helpers';
import { RemoteStateBackend, RemoteStateBackendProps, RemoteStateReplica, StateLocking, StateReplicaDestination } from '../../src';

function backend(props: RemoteStateBackendProps) {
  const app = new App({ context: { 'readiness:profile': 'dev' } });
  return new RemoteStateBackend(new Stack(app, 'Primary', { env: PRIMARY }), 'State', props);
}

const replicaIn = (region: string) => StateReplicaDestination.fromAttributes({ bucketName: 'acme-tfstate-replica', region, kmsKeyAliasName: 'alias/tfstate-replica' });

describe('bad input fails at synth with the prop, the value and the fix', () => {
  test('replica region equal to the primary region', () => {
    expect(() => backend({ replica: replicaIn('eu-west-1') })).toThrow(
      /RemoteStateBackend 'Primary\/State': invalid replica.region "eu-west-1". The replica must be in another region than the state bucket \(eu-west-1\).*DR region/);
  });

  test.each([
    ['Acme-TFState', 'lowercase letters, digits, dots and hyphens'],
    ['ab', 'it is 2 characters long'],
    ['acme..tfstate', 'two adjacent dots'],
    ['192.168.1.10', 'IP address'],
    ['xn--acme-tfstate', "prefix 'xn--' is reserved"],
    ['acme_tfstate', 'lowercase letters, digits, dots and hyphens'],
  ])('bucket name S3 would reject: %s', (name, why) => {
    expect(() => backend({ bucketName: name })).toThrow(new RegExp(`invalid bucketName "${name.replace(/\./g, '\\.')}". S3 would reject it: .*${why}.*Use 3-63 lowercase`));
  });

  test('replica bucket name S3 would reject', () => {
    const app = new App();
    const dr = new Stack(app, 'Dr', { env: { account: '111111111111', region: 'eu-central-1' } });
    expect(() => new RemoteStateReplica(dr, 'Replica', { bucketName: 'Replica_Bucket' })).toThrow(/RemoteStateReplica 'Dr\/Replica': invalid bucketName "Replica_Bucket"/);
    expect(() => StateReplicaDestination.fromAttributes({ bucketName: '-bad', region: 'eu-central-1', kmsKeyAliasName: 'alias/x' })).toThrow(/invalid bucketName "-bad"/);
  });

  test('object lock without versioning', () => {
    expect(() => backend({ versioned: false, objectLockEnabled: true })).toThrow(
      /invalid versioned false. S3 Object Lock works only on versioned buckets: remove versioned: false/);
    expect(() => backend({ versioned: false, objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(7)) })).toThrow(/invalid versioned false/);
  });

  test.each([
    ['../prod', 'the path segment ".."'],
    ['prod/../staging', 'the path segment ".."'],
    ['/prod', 'starts with "/"'],
    ['prod/', 'ends with "/"'],
    ['prod//a', 'empty segment'],
  ])('key prefix %s', (keyPrefix, why) => {
    expect(() => backend({ environments: [{ name: 'prod', keyPrefix }] })).toThrow(
      new RegExp(`invalid environments\\[0\\]\\.keyPrefix "${keyPrefix.replace(/\./g, '\\.')}". A state key prefix must be a relative S3 key path without "\\.\\." segments: .*${why.replace(/\./g, '\\.')}`));
  });

  test('a state key with .. in renderBackendConfig', () => {
    expect(() => backend({}).renderBackendConfig({ stateKey: '../other/terraform.tfstate' })).toThrow(/invalid stateKey "..\/other\/terraform.tfstate"/);
  });

  test.each([['team*'], ['team-?'], ['a/*/prod']])('a key prefix with an IAM wildcard: %s (its grants would reach other environments)', (keyPrefix) => {
    expect(() => backend({ environments: [{ name: 'a', keyPrefix: 'team-a' }, { name: 'b', keyPrefix }] })).toThrow(
      new RegExp(`invalid environments\\[1\\]\\.keyPrefix "${keyPrefix.replace(/[*?/]/g, '\\$&')}".*contains "\\*" or "\\?", which IAM policies read as wildcards: the grants of this prefix would reach other environments' state.*Use segments such as "prod"`));
  });

  test('a state key with an IAM wildcard in renderBackendConfig', () => {
    expect(() => backend({}).renderBackendConfig({ stateKey: 'net*/terraform.tfstate' })).toThrow(/invalid stateKey "net\*\/terraform.tfstate".*wildcards/);
  });

  test('overlapping environment prefixes', () => {
    expect(() => backend({ environments: [{ name: 'prod', keyPrefix: 'a' }, { name: 'staging', keyPrefix: 'a/staging' }] })).toThrow(
      /invalid environments\[1\]\.keyPrefix "a\/staging". It overlaps the key prefix "a"/);
  });

  test('duplicate and malformed environment names', () => {
    expect(() => backend({ environments: [{ name: 'prod' }, { name: 'prod', keyPrefix: 'p2' }] })).toThrow(/invalid environments\[1\]\.name "prod". Environment names must be unique/);
    expect(() => backend({ environments: [{ name: 'Prod' }] })).toThrow(/invalid environments\[0\]\.name "Prod"/);
    expect(() => backend({ environments: [] })).toThrow(/invalid environments \[\]/);
  });

  test('replication without versioning, RTC without a replica, lock table name without a table', () => {
    expect(() => backend({ versioned: false, replica: replicaIn('eu-central-1') })).toThrow(/S3 replication needs versioning/);
    expect(() => backend({ replicationTimeControl: true })).toThrow(/invalid replicationTimeControl true/);
    expect(() => backend({ lockTableName: 'locks' })).toThrow(/invalid lockTableName "locks". A lock table is made only with locking StateLocking.DYNAMODB_TABLE/);
    expect(() => backend({ locking: StateLocking.DYNAMODB_TABLE, lockTableName: 'x' })).toThrow(/invalid lockTableName "x"/);
  });

  test('object lock on the primary needs object lock on the replica', () => {
    expect(() => backend({ objectLockEnabled: true, replica: replicaIn('eu-central-1') })).toThrow(/set objectLockEnabled: true on the replica/);
  });

  test('replica destination: key by alias or ARN, literal region', () => {
    expect(() => StateReplicaDestination.fromAttributes({ bucketName: 'acme-r', region: 'eu-central-1' })).toThrow(/Give exactly one of them/);
    expect(() => StateReplicaDestination.fromAttributes({ bucketName: 'acme-r', region: 'Frankfurt', kmsKeyAliasName: 'alias/x' })).toThrow(/invalid region "Frankfurt"/);
    expect(() => StateReplicaDestination.fromAttributes({ bucketName: 'acme-r', region: 'eu-central-1', kmsKeyArn: 'not-an-arn' })).toThrow(/invalid kmsKeyArn "not-an-arn"/);
  });

  test('a replica in an environment-agnostic stack', () => {
    const app = new App();
    expect(() => new RemoteStateReplica(new Stack(app, 'Dr'), 'Replica', { bucketName: 'acme-r' })).toThrow(/invalid stack region .*explicit region/);
  });

  test('noncurrentVersionsToRetain out of S3 range', () => {
    expect(() => backend({ noncurrentVersionsToRetain: 101 })).toThrow(/invalid noncurrentVersionsToRetain 101. Use a whole number from 1 to 100/);
  });
});
