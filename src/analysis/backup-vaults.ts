import { AppIndex, asArray, IndexedResource, IndexedStack } from './app-index';
import { partitionOf } from '../shared/partition';

export const VAULT_TYPE = 'AWS::Backup::BackupVault';
export const AIR_GAPPED_VAULT_TYPE = 'AWS::Backup::LogicallyAirGappedBackupVault';

/** Where a copy action (or any vault ARN value) points, as far as the template tells. */
export interface VaultTarget {
  /** The vault in the app, when found (by reference, or by region + name across stacks). */
  readonly vault?: IndexedResource;
  /** The vault's region, when known. */
  readonly region?: string;
  /** Whether the target is a logically air-gapped vault. */
  readonly airGapped: boolean;
}

/** Vaults of the app by `<region>|<name>`: one table per validation. */
function vaultsByRegionAndName(index: AppIndex): Map<string, IndexedResource[]> {
  return index.derived('backup-vaults-by-region-name', (i) => {
    const map = new Map<string, IndexedResource[]>();
    for (const type of [VAULT_TYPE, AIR_GAPPED_VAULT_TYPE]) {
      for (const v of i.resourcesOfType(type)) {
        const name = v.properties.BackupVaultName;
        if (typeof name !== 'string' || !v.stack.region) continue;
        const key = `${v.stack.region}|${name}`;
        let list = map.get(key);
        if (!list) map.set(key, (list = []));
        list.push(v);
      }
    }
    return map;
  });
}

/**
 * Resolve a vault ARN value of a template (a `Fn::GetAtt`, an import, a literal ARN or an
 * `Fn::Join`/`Fn::Sub` of literals and pseudo parameters) to a vault of the app and its region.
 */
export function resolveVaultTarget(value: unknown, from: IndexedStack, index: AppIndex): VaultTarget {
  const referenced = index.referencedResources(value, from)
    .find((r) => r.type === VAULT_TYPE || r.type === AIR_GAPPED_VAULT_TYPE);
  if (referenced) {
    return { vault: referenced, region: referenced.stack.region, airGapped: referenced.type === AIR_GAPPED_VAULT_TYPE };
  }
  const arn = renderArn(value, from);
  if (arn === undefined) return { airGapped: false };
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'backup' || parts[5] !== 'backup-vault') return { airGapped: false };
  const region = parts[3] && !parts[3].includes('\u0000') ? parts[3] : undefined;
  const account = parts[4];
  const name = parts.slice(6).join(':');
  let vault: IndexedResource | undefined;
  if (region && !name.includes('\u0000')) {
    vault = (vaultsByRegionAndName(index).get(`${region}|${name}`) ?? [])
      .find((v) => !v.stack.account || !account || account.includes('\u0000') || v.stack.account === account);
  }
  return { vault, region, airGapped: vault?.type === AIR_GAPPED_VAULT_TYPE };
}

/** Render a template string value with pseudo parameters of its stack; unknown parts become U+0000. */
export function renderArn(value: unknown, stack: IndexedStack): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, any>;
  if (typeof obj.Ref === 'string') return pseudo(obj.Ref, stack);
  const join = obj['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => renderArn(p, stack));
    return parts.every((p: string | undefined) => p !== undefined) ? parts.join(String(join[0])) : undefined;
  }
  const sub = obj['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub.replace(/\$\{([^}]*)\}/g, (_m, name: string) => pseudo(name, stack) ?? '\u0000');
  }
  return undefined;
}

function pseudo(name: string, stack: IndexedStack): string | undefined {
  switch (name) {
    case 'AWS::Region': return stack.region ?? '\u0000';
    case 'AWS::AccountId': return stack.account ?? '\u0000';
    case 'AWS::Partition': return 'aws';
    case 'AWS::URLSuffix': return 'amazonaws.com';
    default: return undefined;
  }
}

/** The vault a backup rule stores its recovery points in (`TargetBackupVault`: a vault name, or a reference to a vault). */
export interface RuleVault {
  /** The vault in the app, when found. */
  readonly vault?: IndexedResource;
  /** The vault's ARN, when the template tells it (region, account and name literal). */
  readonly arn?: string;
}

/** Resolve the `TargetBackupVault` of a rule of a plan in `planStack`. */
export function resolveRuleVault(value: unknown, planStack: IndexedStack, index: AppIndex): RuleVault {
  let vault = index.referencedResources(value, planStack).find((r) => r.type === VAULT_TYPE || r.type === AIR_GAPPED_VAULT_TYPE);
  const name = typeof value === 'string' ? value : typeof vault?.properties.BackupVaultName === 'string' ? vault.properties.BackupVaultName : undefined;
  if (!vault && name !== undefined && planStack.region) {
    vault = (vaultsByRegionAndName(index).get(`${planStack.region}|${name}`) ?? [])
      .find((v) => !v.stack.account || !planStack.account || v.stack.account === planStack.account);
  }
  const stack = vault?.stack ?? planStack;
  const arn = name !== undefined && stack.region && stack.account
    ? `arn:${partitionOf(stack.region)}:backup:${stack.region}:${stack.account}:backup-vault:${name}`
    : undefined;
  return { vault, arn };
}

/** Retention bounds (days) a vault enforces: its vault lock, or the bounds of a logically air-gapped vault. */
export function retentionBounds(vault: IndexedResource): { min?: number; max?: number } {
  const p = vault.type === AIR_GAPPED_VAULT_TYPE ? vault.properties : vault.properties.LockConfiguration;
  if (!p) return {};
  return { min: wholeNumber(p.MinRetentionDays), max: wholeNumber(p.MaxRetentionDays) };
}

/** A whole number from a template value (a number or a numeric string), else undefined. */
export function wholeNumber(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The rules of a backup plan (`BackupPlan.BackupPlanRule`). */
export function planRules(plan: IndexedResource): any[] {
  return asArray(plan.properties.BackupPlan?.BackupPlanRule);
}

/** Stacks are in the same account and region (unknowns match). */
export function sameEnvironment(a: IndexedStack, b: IndexedStack): boolean {
  if (a.region && b.region && a.region !== b.region) return false;
  if (a.account && b.account && a.account !== b.account) return false;
  return true;
}
