import { AppIndex, asArray, IndexedResource, IndexedStack } from './app-index';
import { sameEnvironment } from './backup-vaults';

/** How often a registry scanning rule scans the repositories its filters match. */
export type EcrScanFrequency = 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN';

/** One rule of an `AWS::ECR::RegistryScanningConfiguration`: its registry's scan type, frequency and repository filters. */
export interface RegistryScanRule {
  readonly stack: IndexedStack;
  /** `BASIC` (ECR's own scanning, free) or `ENHANCED` (Amazon Inspector, billed per scan). */
  readonly scanType: string;
  readonly frequency: EcrScanFrequency;
  /** Repository name filters (ECR's WILDCARD filters). */
  readonly filters: readonly string[];
}

/** The registry scanning rules of the app that scan on push or continuously. */
export function registryScanRules(index: AppIndex): readonly RegistryScanRule[] {
  return index.derived('ecr-registry-scan-rules', (i) => i.resourcesOfType('AWS::ECR::RegistryScanningConfiguration').flatMap((r) => {
    const scanType = String(r.properties.ScanType ?? 'BASIC');
    return asArray(r.properties.Rules)
      .filter((rule: any) => rule?.ScanFrequency === 'SCAN_ON_PUSH' || rule?.ScanFrequency === 'CONTINUOUS_SCAN')
      .map((rule: any) => ({
        stack: r.stack,
        scanType,
        frequency: rule.ScanFrequency as EcrScanFrequency,
        filters: asArray(rule.RepositoryFilters).map((f: any) => String(f?.Filter ?? '')),
      }));
  }));
}

/** ECR's WILDCARD filters: `*` stands for any characters; a filter without one matches names that contain it. */
export function wildcardMatches(filter: string, name: string | undefined): boolean {
  if (filter === '*') return true;
  if (name === undefined) return false;
  if (!filter.includes('*')) return name.includes(filter);
  const re = new RegExp(`^${filter.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

const repositoryName = (repo: IndexedResource) => typeof repo.properties.RepositoryName === 'string' ? repo.properties.RepositoryName : undefined;

/** The registry scanning rules of the repository's account and region whose filters match it. */
export function rulesMatching(repo: IndexedResource, index: AppIndex): readonly RegistryScanRule[] {
  const name = repositoryName(repo);
  return registryScanRules(index).filter((r) => sameEnvironment(r.stack, repo.stack) && r.filters.some((f) => wildcardMatches(f, name)));
}

/**
 * How Amazon Inspector's enhanced scanning scans the repository (undefined: it does not, basic
 * scanning is ECR's and free): by the matching rules of an ENHANCED registry scanning
 * configuration, or, where Inspector is enabled for ECR in its account and region by
 * `InspectorEnablement` and no configuration of the app says otherwise, continuously (ECR's
 * default for enhanced scanning: every repository scanned continuously).
 */
export function enhancedScanFrequency(repo: IndexedResource, index: AppIndex): EcrScanFrequency | undefined {
  const configured = registryScanRules(index).filter((r) => sameEnvironment(r.stack, repo.stack));
  if (configured.length > 0) {
    const matching = rulesMatching(repo, index).filter((r) => r.scanType === 'ENHANCED');
    if (matching.length === 0) return undefined;
    return matching.some((r) => r.frequency === 'CONTINUOUS_SCAN') ? 'CONTINUOUS_SCAN' : 'SCAN_ON_PUSH';
  }
  const inspectorScansEcr = index.resourcesOfType('Custom::ReadinessInspectorEnablement')
    .some((e) => sameEnvironment(e.stack, repo.stack) && asArray(e.properties.ScanTypes).map(String).includes('ECR'));
  return inspectorScansEcr ? 'CONTINUOUS_SCAN' : undefined;
}
