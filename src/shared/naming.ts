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

/**
 * `PascalCase` of a name for construct ids: the parts between non-alphanumerics, each with an upper-case
 * first letter; `lowerRest` also lowercases the rest of each part (`CIS-AWS` gives `CisAws`, else `CISAWS`).
 */
export function pascalCase(text: string, lowerRest: boolean): string {
  return text.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + (lowerRest ? p.slice(1).toLowerCase() : p.slice(1))).join('');
}
