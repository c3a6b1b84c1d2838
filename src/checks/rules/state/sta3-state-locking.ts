import { asArray } from '../../../analysis/app-index';
import { appliesToEveryone, coversAction, policyStatements, rawTag, statePurpose } from '../../../analysis/state-buckets';
import { RuleImpact } from '../../../profile';
import * as STATE_TAGS from '../../../shared/state-tags';
import { fail, Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const MODES = ['lockfile', 'dynamodb', 'lockfile+dynamodb'];

/**
 * STA3: the state in a bucket is locked: by S3 lock files that the bucket lets Terraform
 * release, or by a DynamoDB table keyed on LockID with point-in-time recovery and deletion protection.
 */
export const STA3: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-STA3',
  area: ReadinessArea.STATE,
  impact: RuleImpact.HIGH,
  title: 'Terraform state locking is available (lock file, or a protected DynamoDB lock table)',
  auditLine: 'Task 83 (Infrastructure as Code): "No terraform state management configuration"',
  explanation:
    'Two concurrent applies on unlocked state corrupt it. The S3 lock file (Terraform 1.10.1+, OpenTofu 1.10+) needs a bucket that lets Terraform delete `.tflock` objects; a DynamoDB lock table must be keyed on LockID and must not be deletable by accident.',
  fix: 'Plain CDK: tag your state bucket `cdk-readiness:state-locking=lockfile` (Terraform\'s S3 lock file, `use_lockfile = true`), or `dynamodb` with `cdk-readiness:state-lock-table=<table>` and a `dynamodb.Table` keyed on `LockID` with point-in-time recovery and deletion protection (`Tags.of(bucket).add(...)`). With this library: `RemoteStateBackend` locks with the S3 lock file by default (`locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE` adds a protected table); `TerraformStateMarker.markStateBucket()` tags a bucket of your own.',
  resourceTypes: ['AWS::S3::Bucket'],
  evaluate(bucket, index) {
    if (statePurpose(bucket) !== 'state') return NOT_APPLICABLE;
    const mode = rawTag(bucket, STATE_TAGS.LOCKING_TAG_KEY);
    if (mode === undefined) {
      return fail(`The bucket does not declare how its state is locked: tag it ${STATE_TAGS.LOCKING_TAG_KEY}=lockfile (Terraform/OpenTofu use_lockfile) or =dynamodb with ${STATE_TAGS.LOCK_TABLE_TAG_KEY}=<table>`, 'Properties/Tags');
    }
    if (typeof mode !== 'string' || !MODES.includes(mode)) {
      return fail(`Tag ${STATE_TAGS.LOCKING_TAG_KEY} is ${JSON.stringify(mode)}; use one of ${MODES.join(', ')}`, 'Properties/Tags');
    }
    const failures: Failure[] = [];
    if (mode.includes('lockfile')) {
      const blocks = policyStatements(index, bucket).some((s) => s?.Effect === 'Deny' && appliesToEveryone(s) && !s.Condition && coversAction(s, 's3:DeleteObject'));
      if (blocks) {
        failures.push({ message: 'A bucket policy denies s3:DeleteObject to every principal: Terraform could never release a .tflock lock file', location: 'BucketPolicy' });
      }
    }
    if (mode.includes('dynamodb')) {
      const tableTag = rawTag(bucket, STATE_TAGS.LOCK_TABLE_TAG_KEY);
      const tables = (typeof tableTag === 'string' ? index.resourcesNamed(tableTag) : index.referencedResources(tableTag, bucket.stack))
        .filter((r) => r.type === 'AWS::DynamoDB::Table');
      if (tableTag === undefined) {
        failures.push({ message: `Locking is '${mode}' but the bucket has no ${STATE_TAGS.LOCK_TABLE_TAG_KEY} tag naming the table`, location: 'Properties/Tags' });
      } else if (tables.length === 0) {
        failures.push({ message: `The lock table ${JSON.stringify(tableTag)} is not part of this app, so its protection cannot be verified`, location: 'Properties/Tags' });
      }
      for (const table of tables) {
        const p = table.properties;
        const hash = asArray(p.KeySchema).find((k) => k?.KeyType === 'HASH');
        const attr = asArray(p.AttributeDefinitions).find((a) => a?.AttributeName === 'LockID');
        if (hash?.AttributeName !== 'LockID' || attr?.AttributeType !== 'S') {
          failures.push({ message: `Lock table ${table.path} is not keyed on LockID (string): Terraform cannot lock with it`, location: 'Properties/KeySchema' });
        }
        if (!isTrue(p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled)) {
          failures.push({ message: `Lock table ${table.path} has no point-in-time recovery`, location: 'Properties/PointInTimeRecoverySpecification' });
        }
        if (!isTrue(p.DeletionProtectionEnabled)) {
          failures.push({ message: `Lock table ${table.path} has no deletion protection`, location: 'Properties/DeletionProtectionEnabled' });
        }
      }
    }
    return failAll(failures);
  },
};

/** CloudFormation accepts booleans as `true` or `"true"` in hand-written templates. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
