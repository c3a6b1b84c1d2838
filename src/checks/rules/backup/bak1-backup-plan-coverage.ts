import { AppIndex, IndexedResource } from '../../private/app-index';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../resource-types';
import { ParsedSelection } from './backup-selections';

/** Every backup selection of the app, parsed once per validation. */
function selectionsOf(index: AppIndex): ParsedSelection[] {
  return index.derived('backup-selections', (i) =>
    i.resourcesOfType('AWS::Backup::BackupSelection').map((s) => new ParsedSelection(s, i)));
}

/** The backup selections, in any stack of the app, that select the resource (memoized per validation: BAK1 and BAK5 share it). */
export function selectionsSelecting(resource: IndexedResource, index: AppIndex): readonly ParsedSelection[] {
  const memo = index.derived('backup-selected', () => new Map<IndexedResource, ParsedSelection[]>());
  let selecting = memo.get(resource);
  if (selecting === undefined) {
    selecting = selectionsOf(index).filter((s) => s.selects(resource, index));
    memo.set(resource, selecting);
  }
  return selecting;
}

/** Whether any backup selection, in any stack of the app, selects the resource. */
export function isSelectedForBackup(resource: IndexedResource, index: AppIndex): boolean {
  return selectionsSelecting(resource, index).length > 0;
}

/**
 * BAK1: every stateful data store is selected by a backup plan, in any stack.
 */
export const BAK1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK1',
  area: ReadinessArea.BACKUP,
  title: 'Every database, table, file system and volume is selected by an AWS Backup plan',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Automated backup scheduling"',
  explanation:
    'A data store no backup plan selects has no scheduled, retained, restorable recovery points. Selections count by resource reference, by ARN (wildcards included) and by tag (ListOfTags OR, Conditions AND), from any stack of the app in the same account and region.',
  fix: 'Add the resource to a backup plan: `CrossRegionBackup.protect(resource)` of this library, or `plan.addSelection(id, { resources: [BackupResource.fromConstruct(resource)] })`.',
  resourceTypes: BACKUP_PROTECTED_TYPES,
  evaluate(resource, index) {
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    return isSelectedForBackup(resource, index)
      ? PASS
      : fail('No AWS Backup plan selects this data store (by reference, ARN or tags)');
  },
};
