import { arnOf } from './backup-selections';
import { sameEnvironment } from './backup-vaults';
import { AppIndex, asArray, IndexedResource } from '../../private/app-index';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../resource-types';
import { isSelectedForBackup } from './bak1-backup-plan-coverage';

/** The restore-testing `ProtectedResourceType` of a data store. */
export function restoreTestingTypeOf(resource: IndexedResource): string | undefined {
  switch (resource.type) {
    case 'AWS::RDS::DBInstance': return 'RDS';
    case 'AWS::RDS::DBCluster': return /^aurora/i.test(String(resource.properties.Engine ?? 'aurora')) ? 'Aurora' : 'RDS';
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': return 'DynamoDB';
    case 'AWS::EFS::FileSystem': return 'EFS';
    case 'AWS::EC2::Volume': return 'EBS';
    case 'AWS::FSx::FileSystem': return 'FSx';
    case 'AWS::DocDB::DBCluster': return 'DocumentDB';
    case 'AWS::Neptune::DBCluster': return 'Neptune';
    default: return undefined;
  }
}

interface TestingSelection {
  readonly selection: IndexedResource;
  readonly type: string;
  readonly all: boolean;
  readonly refs: ReadonlySet<IndexedResource>;
  readonly patterns: readonly RegExp[];
}

function testingSelections(index: AppIndex): TestingSelection[] {
  return index.derived('restore-testing-selections', (i) => {
    const plans = new Set(i.resourcesOfType('AWS::Backup::RestoreTestingPlan')
      .map((p) => `${p.stack.region}|${p.properties.RestoreTestingPlanName}`));
    return i.resourcesOfType('AWS::Backup::RestoreTestingSelection')
      .filter((s) => typeof s.properties.RestoreTestingPlanName !== 'string'
        || plans.has(`${s.stack.region}|${s.properties.RestoreTestingPlanName}`))
      .map((s) => {
        const entries = asArray(s.properties.ProtectedResourceArns);
        const refs = new Set<IndexedResource>();
        const patterns: RegExp[] = [];
        let all = false;
        for (const e of entries) {
          if (e === '*') { all = true; continue; }
          for (const r of i.referencedResources(e, s.stack)) refs.add(r);
          if (typeof e === 'string') patterns.push(new RegExp(`^${e.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
        }
        // Conditions-only selections (ProtectedResourceConditions) test every resource of the type with those tags.
        if (entries.length === 0) all = true;
        return { selection: s, type: String(s.properties.ProtectedResourceType), all, refs, patterns };
      });
  });
}

/**
 * BAK5: every data store a backup plan protects is covered by a restore testing selection of its
 * type in its region.
 */
export const BAK5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK5',
  area: ReadinessArea.BACKUP,
  title: 'A restore testing plan covers every protected resource type',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Recovery testing procedures", "MISSING: Recovery time testing"',
  explanation:
    'A backup nobody has restored is a hope, not a recovery point. AWS Backup restore testing restores the latest recovery point on a schedule, measures the restore time and deletes the copy after a validation window. Every resource type a backup plan protects needs a RestoreTestingSelection of that type, in the same region, whose plan exists.',
  fix: 'Use `CrossRegionBackup` (a restore testing selection per protected type, and `CrossRegionBackupDr` in the DR region), or add an `AWS::Backup::RestoreTestingPlan` with a `RestoreTestingSelection` for the type.',
  resourceTypes: BACKUP_PROTECTED_TYPES,
  evaluate(resource, index) {
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    if (!isSelectedForBackup(resource, index)) return NOT_APPLICABLE;
    const type = restoreTestingTypeOf(resource);
    const arn = arnOf(resource);
    const covered = testingSelections(index).some((s) => s.type === type
      && sameEnvironment(s.selection.stack, resource.stack)
      && (s.all || s.refs.has(resource) || s.patterns.some((p) => p.test(arn))));
    return covered ? PASS : fail(`No restore testing selection of type ${type} covers this data store in its region: its backups are never test-restored`);
  },
};
