import { DeleteTableCommand, DescribeTableCommand, ListTagsOfResourceCommand, TagResourceCommand as DdbTagResourceCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { AddTagsToResourceCommand, DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { AwsClients } from './clients';
import { DRILL_NAME_PREFIX, DRILL_TAG_KEY } from './config';
import { isNotFound } from './errors';

/** A resource a drill restored, told from the restore job's CreatedResourceArn. */
export interface RestoredResource {
  readonly arn: string;
  readonly region: string;
  readonly account: string;
  readonly kind: 'db-instance' | 'db-cluster' | 'table' | 'file-system' | 'volume';
  /** Identifier, table name, file system id or volume id. */
  readonly id: string;
}

/** What the restored resource looks like now. */
export interface ResourceState {
  readonly exists: boolean;
  /** Ready for use (available, ACTIVE). */
  readonly available: boolean;
  readonly status?: string;
  /** Value of the drill tag, if the resource carries it. */
  readonly drillTag?: string;
  /** A cluster with instances cannot be deleted without deleting them, which drills never do. */
  readonly members?: number;
  /** When the resource was created, as its service reports it (a restore creates it after its job starts). */
  readonly createdAt?: Date;
}

const ARN = /^arn:[^:]+:([a-z0-9-]+):([a-z0-9-]+):(\d{12}):(.+)$/;

/**
 * Parse a restored resource's ARN. Only the kinds drills make are accepted, and databases and
 * tables only under the drill name prefix, which the Lambda's IAM policy is scoped to as well.
 */
export function parseRestored(arn: string | undefined): RestoredResource | undefined {
  const m = ARN.exec(arn ?? '');
  if (!m) return undefined;
  const [, service, region, account, resource] = m;
  const named = (kind: RestoredResource['kind'], id: string) => (id.startsWith(DRILL_NAME_PREFIX) ? { arn: arn!, region, account, kind, id } : undefined);
  if (service === 'rds' && resource.startsWith('db:')) return named('db-instance', resource.slice(3));
  if (service === 'rds' && resource.startsWith('cluster:')) return named('db-cluster', resource.slice(8));
  if (service === 'dynamodb' && resource.startsWith('table/')) return named('table', resource.slice(6));
  if (service === 'elasticfilesystem' && resource.startsWith('file-system/')) return { arn: arn!, region, account, kind: 'file-system', id: resource.slice(12) };
  if (service === 'ec2' && resource.startsWith('volume/')) return { arn: arn!, region, account, kind: 'volume', id: resource.slice(7) };
  return undefined;
}

/**
 * Kinds a drill may tag and delete: those whose name the drill chose (`DBInstanceIdentifier`,
 * `DBClusterIdentifier`, `targetTableName` under the drill prefix), so that IAM can scope tagging
 * and deletion to names no other resource has. EBS volume and EFS file system ids are assigned by
 * AWS, IAM cannot scope them by name, and the restore cannot tag them with a value only the drill
 * chooses (StartRestoreJob only copies the backup's own tags), so drills keep what they restore of
 * those kinds and the verifier has no permission to tag or delete any volume or file system.
 */
export type DeletableKind = 'db-instance' | 'db-cluster' | 'table';
export function deletableByDrills(r: RestoredResource): r is RestoredResource & { kind: DeletableKind } {
  return r.kind === 'db-instance' || r.kind === 'db-cluster' || r.kind === 'table';
}

const tagValue = (tags: Array<{ Key?: string; Value?: string }> | undefined) => tags?.find((t) => t.Key === DRILL_TAG_KEY)?.Value;
const GONE: ResourceState = { exists: false, available: false };

/** Tag the restored resource as the drill of `restoreJobId` (idempotent). */
export async function tagRestored(clients: AwsClients, r: RestoredResource & { kind: DeletableKind }, restoreJobId: string): Promise<void> {
  const tag = { Key: DRILL_TAG_KEY, Value: restoreJobId };
  switch (r.kind) {
    case 'db-instance':
    case 'db-cluster':
      await clients.rds(r.region).send(new AddTagsToResourceCommand({ ResourceName: r.arn, Tags: [tag] }));
      return;
    case 'table':
      await clients.dynamodb(r.region).send(new DdbTagResourceCommand({ ResourceArn: r.arn, Tags: [tag] }));
      return;
  }
}

/** Whether the restored resource exists, is ready, and which drill tag it carries. */
export async function describeRestored(clients: AwsClients, r: RestoredResource): Promise<ResourceState> {
  try {
    switch (r.kind) {
      case 'db-instance': {
        const db = (await clients.rds(r.region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: r.id }))).DBInstances?.[0];
        if (!db) return GONE;
        return { exists: true, available: db.DBInstanceStatus === 'available', status: db.DBInstanceStatus, drillTag: tagValue(db.TagList), createdAt: db.InstanceCreateTime };
      }
      case 'db-cluster': {
        const c = (await clients.rds(r.region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: r.id }))).DBClusters?.[0];
        if (!c) return GONE;
        return {
          exists: true, available: c.Status === 'available', status: c.Status, drillTag: tagValue(c.TagList), members: c.DBClusterMembers?.length ?? 0, createdAt: c.ClusterCreateTime,
        };
      }
      case 'table': {
        const client = clients.dynamodb(r.region);
        const t = (await client.send(new DescribeTableCommand({ TableName: r.id }))).Table;
        if (!t) return GONE;
        const tags = (await client.send(new ListTagsOfResourceCommand({ ResourceArn: r.arn }))).Tags;
        return { exists: true, available: t.TableStatus === 'ACTIVE', status: t.TableStatus, drillTag: tagValue(tags), createdAt: t.CreationDateTime };
      }
      case 'file-system': {
        const fs = (await clients.efs(r.region).send(new DescribeFileSystemsCommand({ FileSystemId: r.id }))).FileSystems?.[0];
        if (!fs) return GONE;
        return { exists: true, available: fs.LifeCycleState === 'available', status: fs.LifeCycleState, drillTag: tagValue(fs.Tags), createdAt: fs.CreationTime };
      }
      case 'volume': {
        const v = (await clients.ec2(r.region).send(new DescribeVolumesCommand({ VolumeIds: [r.id] }))).Volumes?.[0];
        if (!v) return GONE;
        return { exists: true, available: v.State === 'available' || v.State === 'in-use', status: v.State, drillTag: tagValue(v.Tags), createdAt: v.CreateTime };
      }
    }
  } catch (e) {
    if (isNotFound(e)) return GONE;
    throw e;
  }
}

/** Clock skew allowed between AWS Backup's job times and the services' creation times. */
const SKEW_MS = 60_000;

/**
 * Why the restored resource is not the drill's to delete, or `undefined` when it is: it must have
 * been created after its restore job started (a restore into an existing file system, or a
 * resource that already existed under the name, names a resource the drill did not create), and
 * carry no drill tag of another restore job. IAM enforces the name prefix and the tag besides.
 */
export function notOwned(r: RestoredResource, state: ResourceState, job: { RestoreJobId?: string; CreationDate?: Date }): string | undefined {
  if (!state.createdAt || !job.CreationDate) return `${r.id} has no creation time to compare with its restore job's: left alone`;
  if (state.createdAt.getTime() < job.CreationDate.getTime() - SKEW_MS) {
    return `${r.id} was created at ${state.createdAt.toISOString()}, before restore job ${job.RestoreJobId} started: the drill did not create it, left alone`;
  }
  if (state.drillTag !== undefined && state.drillTag !== job.RestoreJobId) {
    return `${r.id} carries the drill tag of restore job ${state.drillTag}, not ${job.RestoreJobId}: left alone`;
  }
  return undefined;
}

/** Delete the restored resource (no final snapshot: it is a throwaway copy of a backup). */
export async function deleteRestored(clients: AwsClients, r: RestoredResource & { kind: DeletableKind }): Promise<void> {
  switch (r.kind) {
    case 'db-instance':
      // Automated backups of the restored instance go with it (DeleteAutomatedBackups defaults to true).
      await clients.rds(r.region).send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: r.id, SkipFinalSnapshot: true }));
      return;
    case 'db-cluster':
      await clients.rds(r.region).send(new DeleteDBClusterCommand({ DBClusterIdentifier: r.id, SkipFinalSnapshot: true }));
      return;
    case 'table':
      await clients.dynamodb(r.region).send(new DeleteTableCommand({ TableName: r.id }));
      return;
  }
}
