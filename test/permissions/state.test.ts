/**
 * Permission matrix of RemoteStateBackend and its replica: the environment grants, the replication
 * role, the state and access-log buckets and their keys, decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts) on the committed
 * integ snapshots.
 */
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as A } from './policy-model';
import { bucketRows, keyRows, trustRows } from './rows';

const TEMPLATES: FamilyTemplates[] = [
  { file: 'integ.remote-state-backend.ts.snapshot/IntegState.template.json', region: 'eu-west-1' },
  { file: 'integ.remote-state-backend.ts.snapshot/IntegStateReplica.template.json', region: 'eu-central-1' },
];
const [state, replica] = stacksOf(TEMPLATES);
const bucket = state.target('BackendBucketD5FA350F');
const key = state.target('BackendKey0229EB95');
const lockTable = state.target('BackendLockTable5C1C0CEA');
const READ_ONLY = { policy: 'BackendReadOnlyPolicyStagingC68A0A2E' };
const READ_WRITE = { policy: 'BackendReadWritePolicyProdB91DF34A' };
const REPLICATION = { role: 'BackendReplicationRole17423FA1' };
// The grants' kms:Decrypt also needs the bucket's encryption context, which the evaluator cannot take
// (see policy-model.ts): rows show what is denied without it, not the allowed path through S3.
const viaS3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' };
const sse = { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': key };

const row = (who: MatrixRow['who'], action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string | string[]>): MatrixRow =>
  ({ stack: state.name, who, action, resource, context, expect, because });

permissionMatrix('Terraform state (RemoteStateBackend, RemoteStateReplica)', TEMPLATES, [
  // The read-only grant of one environment.
  row(READ_ONLY, 's3:GetObject', `${bucket}/staging/terraform.tfstate`, 'allowed', 'reads its environment\'s state'),
  row(READ_ONLY, 's3:PutObject', `${bucket}/staging/terraform.tfstate`, 'denied', 'never writes state, not even its own environment\'s', sse),
  row(READ_ONLY, 's3:DeleteObject', `${bucket}/staging/terraform.tfstate`, 'denied', 'never deletes state'),
  row(READ_ONLY, 's3:GetObject', `${bucket}/prod/terraform.tfstate`, 'denied', 'another environment\'s prefix'),
  row(READ_ONLY, 's3:ListBucket', bucket, 'denied', 'lists another environment\'s prefix', { 's3:prefix': 'prod/' }),
  row(READ_ONLY, 'kms:Decrypt', key, 'denied', 'decrypts directly, outside S3'),
  row(READ_ONLY, 'kms:Encrypt', key, 'denied', 'encrypts (writes) with the state key', viaS3),
  row(READ_ONLY, 'dynamodb:PutItem', lockTable, 'denied', 'takes no lock', { 'dynamodb:LeadingKeys': [`integ-tfstate-${A}-eu-west-1/staging/terraform.tfstate`] }),
  // The read-write grant of another environment.
  row(READ_WRITE, 's3:PutObject', `${bucket}/prod/terraform.tfstate`, 'allowed', 'writes its environment\'s state, KMS-encrypted with the state key', sse),
  row(READ_WRITE, 's3:PutObject', `${bucket}/prod/terraform.tfstate`, 'denied', 'without the state key (the bucket policy)', { 's3:x-amz-server-side-encryption': 'AES256' }),
  row(READ_WRITE, 's3:PutObject', `${bucket}/staging/terraform.tfstate`, 'denied', 'another environment\'s prefix', sse),
  row(READ_WRITE, 's3:GetObject', `${bucket}/staging/terraform.tfstate`, 'denied', 'reads another environment\'s state'),
  row(READ_WRITE, 's3:DeleteObject', `${bucket}/prod/terraform.tfstate`, 'denied', 'deletes state (versions keep history; only lock files go)'),
  row(READ_WRITE, 's3:DeleteObject', `${bucket}/prod/terraform.tfstate.tflock`, 'allowed', 'releases its lock file'),
  row(READ_WRITE, 's3:DeleteObjectVersion', `${bucket}/prod/terraform.tfstate`, 'denied', 'deletes state versions'),
  row(READ_WRITE, 's3:PutBucketPolicy', bucket, 'denied', 'changes the bucket policy'),
  row(READ_WRITE, 's3:DeleteBucket', bucket, 'denied', 'deletes the bucket'),
  row(READ_WRITE, 'dynamodb:PutItem', lockTable, 'allowed', 'locks its environment', { 'dynamodb:LeadingKeys': [`integ-tfstate-${A}-eu-west-1/prod/terraform.tfstate`] }),
  row(READ_WRITE, 'dynamodb:PutItem', lockTable, 'denied', 'locks another environment', { 'dynamodb:LeadingKeys': [`integ-tfstate-${A}-eu-west-1/staging/terraform.tfstate`] }),
  row(READ_WRITE, 'dynamodb:DeleteTable', lockTable, 'denied', 'deletes the lock table'),
  row(READ_WRITE, 'kms:ScheduleKeyDeletion', key, 'denied', 'deletes the state key'),
  // The replication role.
  row(REPLICATION, 's3:ReplicateObject', `${replica.target('ReplicaBucket80C984FB')}/prod/terraform.tfstate`, 'allowed', 'replicates into the replica'),
  row(REPLICATION, 's3:ReplicateObject', 'arn:aws:s3:::someone-elses-bucket/prod/terraform.tfstate', 'denied', 'replicates anywhere else'),
  row(REPLICATION, 's3:DeleteObject', `${bucket}/prod/terraform.tfstate`, 'denied', 'deletes state'),
  row(REPLICATION, 's3:PutObject', `${bucket}/prod/terraform.tfstate`, 'denied', 'writes the source bucket', sse),
  row(REPLICATION, 'kms:Decrypt', key, 'denied', 'decrypts outside S3 replication'),
  row(REPLICATION, 'kms:Decrypt', key, 'denied', 'decrypts through another service', { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' }),
  ...trustRows(state, 'BackendReplicationRole17423FA1', 's3.amazonaws.com', { 'aws:SourceAccount': A }),
  // Buckets and keys.
  ...bucketRows(state, 'BackendBucketD5FA350F'),
  ...bucketRows(state, 'BackendAccessLogs7B3E1D41'),
  ...keyRows(state, 'BackendKey0229EB95', [REPLICATION]),
  ...bucketRows(replica, 'ReplicaBucket80C984FB'),
  ...bucketRows(replica, 'ReplicaAccessLogs5D187905'),
  ...keyRows(replica, 'ReplicaKey29E01B67'),
]);
