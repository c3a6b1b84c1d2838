import { createHash } from 'crypto';
import { DRILL_NAME_PREFIX, MetadataOverride } from './config';

/**
 * Restore metadata keys that name things of the region and network the backup was taken in
 * (availability zones, subnet groups, security groups, keys, parameter groups): a copy restored in
 * the DR region cannot use them. They are dropped; the drill's configured values (or the DR
 * region's defaults, such as its default VPC) apply instead.
 */
export const REGION_BOUND = new Set([
  'availabilityzone', 'availabilityzones', 'dbsubnetgroupname', 'vpcsecuritygroupids', 'kmskeyid', 'kmsmasterkeyarn',
  'optiongroupname', 'dbparametergroupname', 'dbclusterparametergroupname', 'subnetid', 'subnetids', 'securitygroupids',
  'vpcid', 'domain', 'domainiamrolename', 'dbinstanceparametergroupname', 'networktype', 'placementgroupname',
]);

/**
 * What a drill sets per resource type: `identity` makes the restore a new, deletable resource under
 * the drill's name (a new name, deletion protection off, a new file system) and is never overridden
 * (an override could otherwise restore into an existing file system or under an existing name);
 * `defaults` are choices the configured overrides may change.
 */
type Essentials = { identity: Record<string, string>; defaults: Record<string, string> };
function drillEssentials(resourceType: string, name: string, drRegion: string): Essentials {
  switch (resourceType) {
    case 'RDS':
      return { identity: { DBInstanceIdentifier: name, DeletionProtection: 'false' }, defaults: { MultiAZ: 'false', PubliclyAccessible: 'false' } };
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
      return { identity: { DBClusterIdentifier: name, DeletionProtection: 'false' }, defaults: {} };
    case 'DynamoDB':
      return { identity: { targetTableName: name, deletionProtection: 'false' }, defaults: { encryptionType: 'Default' } };
    case 'EFS':
      return { identity: { newFileSystem: 'true', CreationToken: name }, defaults: { Encrypted: 'true' } };
    case 'EBS':
      return { identity: {}, defaults: { availabilityZone: `${drRegion}a`, encrypted: 'true' } };
    default:
      throw new Error(`Restore drills do not support resource type ${resourceType}.`);
  }
}

/**
 * The name a drill gives what it restores: the prefix IAM scopes deletion to, and a hash of the
 * recovery point and the drill window, so a repeated run names (and finds) the same resource.
 */
export function drillName(recoveryPointArn: string, windowStart: number): string {
  const hash = createHash('sha256').update(`${recoveryPointArn}|${windowStart}`).digest('hex').slice(0, 16);
  return `${DRILL_NAME_PREFIX}${hash}`;
}

/** Set a key, replacing any key that differs only in case (restore metadata keys are case-insensitive). */
function put(metadata: Record<string, string>, key: string, value: string): void {
  for (const k of Object.keys(metadata)) if (k.toLowerCase() === key.toLowerCase()) delete metadata[k];
  metadata[key] = value;
}

/**
 * Restore metadata for a drill: what the recovery point stores (GetRecoveryPointRestoreMetadata)
 * without the region-bound keys, then the drill's defaults, then the configured overrides for the
 * type, then the drill's identity keys (a new name, deletion protection off, a new file system),
 * which nothing overrides.
 */
export function drillMetadata(resourceType: string, stored: Record<string, string> | undefined, overrides: MetadataOverride[],
  name: string, drRegion: string): Record<string, string> {
  const { identity, defaults } = drillEssentials(resourceType, name, drRegion);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored ?? {})) {
    if (!REGION_BOUND.has(k.toLowerCase()) && typeof v === 'string') metadata[k] = v;
  }
  for (const [k, v] of Object.entries(defaults)) put(metadata, k, v);
  for (const o of overrides) if (o.resourceType === resourceType) put(metadata, o.key, o.value);
  for (const [k, v] of Object.entries(identity)) put(metadata, k, v);
  return metadata;
}
