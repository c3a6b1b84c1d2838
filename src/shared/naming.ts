import { Names } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A construct path as people read it: without the trailing `Resource`/`Default` segment an L2
 * gives its L1 (a path of that one segment is kept).
 */
export function withoutDefaultChild(path: string): string {
  return path.replace(/\/(Resource|Default)$/, '');
}

/**
 * A unique name for a resource whose service allows letters, digits and underscores only
 * (AWS Backup restore testing plans, Backup Audit Manager frameworks).
 */
export function underscoreName(scope: IConstruct, maxLength: number): string {
  return Names.uniqueResourceName(scope, { maxLength, separator: '_' }).replace(/-/g, '_');
}
