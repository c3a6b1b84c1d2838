// The SSM Automation runbook (schema 0.3) that restores a resource from the DR vault. Written as
// YAML: SSM accepts inline `Script` inputs of aws:executeScript in YAML runbooks (JSON runbooks
// must attach scripts instead). Scalars are emitted double-quoted (JSON string syntax is valid
// YAML), scripts as literal block scalars.
import { REGION_BOUND } from '../../backup/verifier/private/drill-metadata';
import { DR_PARAMETERS } from '../../shared/dr-parameters';

export { DR_PARAMETERS };

export interface DrDocumentOptions {
  /** Name of the DR vault (literal or token). */
  readonly vaultName: string;
  /** ARN of the role AWS Backup restores as (default of `RestoreRoleArn`). */
  readonly restoreRoleArn: string;
  /** ARN of the role the automation runs as (default of `AutomationAssumeRole`). */
  readonly automationRoleArn: string;
  /** How long to wait for the restore job, in seconds. */
  readonly restoreTimeoutSeconds: number;
}

/**
 * Finds the newest completed recovery point of a resource in the vault (or checks the one given).
 * ListRecoveryPointsByBackupVault documents no order, so "newest" is a comparison of CreationDate:
 * something a JSONPath selector of aws:executeAwsApi cannot do.
 */
const FIND_RECOVERY_POINT = `import boto3


def handler(events, context):
    vault = events["BackupVaultName"]
    resource_arn = (events.get("ResourceArn") or "").strip()
    wanted = (events.get("RecoveryPointArn") or "").strip()
    if not resource_arn and not wanted:
        raise ValueError("Give ResourceArn (the protected resource, as in the primary region) or RecoveryPointArn (a recovery point in vault " + vault + ").")
    client = boto3.client("backup", region_name=events["Region"])
    request = {"BackupVaultName": vault}
    if resource_arn:
        request["ByResourceArn"] = resource_arn
    found = None
    while True:
        page = client.list_recovery_points_by_backup_vault(**request)
        for point in page.get("RecoveryPoints", []):
            if wanted:
                if point["RecoveryPointArn"] == wanted:
                    found = point
            elif point.get("Status") == "COMPLETED" and (found is None or point["CreationDate"] > found["CreationDate"]):
                found = point
        if not page.get("NextToken") or (wanted and found):
            break
        request["NextToken"] = page["NextToken"]
    if found is None:
        what = ("recovery point " + wanted) if wanted else ("completed recovery point of " + resource_arn)
        raise ValueError("No " + what + " in backup vault " + vault + ": check the DR copy jobs of the primary region (AWS Backup > Jobs > Copy jobs).")
    if found.get("Status") != "COMPLETED":
        raise ValueError("Recovery point " + found["RecoveryPointArn"] + " is " + str(found.get("Status")) + ", not COMPLETED: choose another one.")
    return {
        "RecoveryPointArn": found["RecoveryPointArn"],
        "ResourceType": found.get("ResourceType", ""),
        "ResourceArn": found.get("ResourceArn", resource_arn),
        "CreationDate": found["CreationDate"].isoformat(),
    }
`;

/**
 * The metadata StartRestoreJob gets: what the recovery point stores, without the keys that name
 * things of the primary region, plus what a restore in another region needs (a new file system,
 * an Availability Zone, the table name), then the overrides, which win. Keys are case-insensitive.
 */
const PREPARE_METADATA = `REGION_BOUND = set(${JSON.stringify([...REGION_BOUND].sort())})


def put(metadata, key, value):
    for existing in [k for k in metadata if k.lower() == key.lower()]:
        del metadata[existing]
    metadata[key] = value


def has(metadata, key):
    return any(k.lower() == key.lower() for k in metadata)


def handler(events, context):
    stored = events.get("Stored") or {}
    metadata = {k: v for k, v in stored.items() if isinstance(v, str) and k.lower() not in REGION_BOUND}
    resource_type = events.get("ResourceType") or ""
    resource_arn = events.get("ResourceArn") or ""
    if resource_type == "DynamoDB" and not has(metadata, "targetTableName"):
        put(metadata, "targetTableName", resource_arn.split(":table/")[-1].split("/")[0])
    if resource_type == "EFS":
        put(metadata, "newFileSystem", "true")
        put(metadata, "CreationToken", events["ExecutionId"])
        if not has(metadata, "Encrypted"):
            put(metadata, "Encrypted", "true")
    if resource_type == "EBS" and not has(metadata, "availabilityZone"):
        put(metadata, "availabilityZone", events["Region"] + "a")
    for entry in events.get("Overrides") or []:
        key, sep, value = entry.partition("=")
        if not sep or not key.strip():
            raise ValueError("MetadataOverrides entry " + repr(entry) + " is not KEY=VALUE.")
        put(metadata, key.strip(), value)
    return {"Metadata": metadata}
`;

/** The document content (YAML). */
export function drRestoreDocument(o: DrDocumentOptions): string {
  const p = DR_PARAMETERS;
  const vault = o.vaultName;
  const document = {
    schemaVersion: '0.3',
    description: [
      `# Restore from the DR vault ${vault}`,
      '',
      'Restores a resource protected by AWS Backup from its newest completed copy in this region\'s DR vault (or from the recovery point you give), with the restore metadata the recovery point stores minus what names resources of the primary region, plus your overrides; waits for the restore job and outputs the ARN of the restored resource.',
      '',
      'It only creates: the restore makes a new resource (a new table, cluster, file system or volume) and never overwrites or deletes one.',
    ].join('\n'),
    assumeRole: `{{ ${p.assumeRole} }}`,
    parameters: {
      [p.resourceArn]: {
        type: 'String',
        description: 'ARN of the protected resource, as in the primary region (e.g. arn:aws:dynamodb:eu-west-1:111111111111:table/orders). Its newest completed copy is restored. Give this or RecoveryPointArn.',
        default: '',
        allowedPattern: '^$|^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$',
      },
      [p.recoveryPointArn]: {
        type: 'String',
        description: `ARN of a recovery point in ${vault} to restore instead of the newest one.`,
        default: '',
        allowedPattern: '^$|^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+$',
      },
      [p.metadataOverrides]: {
        type: 'StringList',
        description: 'Restore metadata for this region, as KEY=VALUE (e.g. DBSubnetGroupName=dr-databases, VpcSecurityGroupIds=["sg-0123456789abcdef0"], targetTableName=orders-restored).',
        default: [],
      },
      [p.restoreRoleArn]: {
        type: 'String',
        description: 'The role AWS Backup restores as.',
        default: o.restoreRoleArn,
        allowedPattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$',
      },
      [p.assumeRole]: {
        type: 'String',
        description: 'The role the automation runs as.',
        default: o.automationRoleArn,
        allowedPattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$',
      },
    },
    mainSteps: [
      {
        name: 'FindRecoveryPoint',
        action: 'aws:executeScript',
        description: `Find the newest completed recovery point of the resource in ${vault} (or check the one given).`,
        timeoutSeconds: 300,
        onFailure: 'Abort',
        inputs: {
          Runtime: 'python3.11',
          Handler: 'handler',
          InputPayload: {
            BackupVaultName: vault,
            ResourceArn: `{{ ${p.resourceArn} }}`,
            RecoveryPointArn: `{{ ${p.recoveryPointArn} }}`,
            Region: '{{ global:REGION }}',
          },
          Script: FIND_RECOVERY_POINT,
        },
        outputs: [
          { Name: 'RecoveryPointArn', Selector: '$.Payload.RecoveryPointArn', Type: 'String' },
          { Name: 'ResourceType', Selector: '$.Payload.ResourceType', Type: 'String' },
          { Name: 'ResourceArn', Selector: '$.Payload.ResourceArn', Type: 'String' },
          { Name: 'CreationDate', Selector: '$.Payload.CreationDate', Type: 'String' },
        ],
      },
      {
        name: 'GetRestoreMetadata',
        action: 'aws:executeAwsApi',
        description: 'Read the configuration the recovery point stores.',
        onFailure: 'Abort',
        inputs: {
          Service: 'backup',
          Api: 'GetRecoveryPointRestoreMetadata',
          BackupVaultName: vault,
          RecoveryPointArn: '{{ FindRecoveryPoint.RecoveryPointArn }}',
        },
        outputs: [{ Name: 'RestoreMetadata', Selector: '$.RestoreMetadata', Type: 'StringMap' }],
      },
      {
        name: 'PrepareMetadata',
        action: 'aws:executeScript',
        description: 'Drop what names resources of the primary region, add what a restore here needs, apply MetadataOverrides.',
        timeoutSeconds: 60,
        onFailure: 'Abort',
        inputs: {
          Runtime: 'python3.11',
          Handler: 'handler',
          InputPayload: {
            Stored: '{{ GetRestoreMetadata.RestoreMetadata }}',
            Overrides: `{{ ${p.metadataOverrides} }}`,
            ResourceType: '{{ FindRecoveryPoint.ResourceType }}',
            ResourceArn: '{{ FindRecoveryPoint.ResourceArn }}',
            Region: '{{ global:REGION }}',
            ExecutionId: '{{ automation:EXECUTION_ID }}',
          },
          Script: PREPARE_METADATA,
        },
        outputs: [{ Name: 'Metadata', Selector: '$.Payload.Metadata', Type: 'StringMap' }],
      },
      {
        name: 'StartRestoreJob',
        action: 'aws:executeAwsApi',
        description: 'Start the restore job (the execution id is its idempotency token: a retried step starts no second restore).',
        onFailure: 'Abort',
        inputs: {
          Service: 'backup',
          Api: 'StartRestoreJob',
          RecoveryPointArn: '{{ FindRecoveryPoint.RecoveryPointArn }}',
          ResourceType: '{{ FindRecoveryPoint.ResourceType }}',
          IamRoleArn: `{{ ${p.restoreRoleArn} }}`,
          Metadata: '{{ PrepareMetadata.Metadata }}',
          IdempotencyToken: '{{ automation:EXECUTION_ID }}',
        },
        outputs: [{ Name: 'RestoreJobId', Selector: '$.RestoreJobId', Type: 'String' }],
      },
      {
        name: 'WaitForRestoreJob',
        action: 'aws:waitForAwsResourceProperty',
        description: 'Wait until the restore job ends (COMPLETED, FAILED or ABORTED).',
        timeoutSeconds: o.restoreTimeoutSeconds,
        onFailure: 'Abort',
        inputs: {
          Service: 'backup',
          Api: 'DescribeRestoreJob',
          RestoreJobId: '{{ StartRestoreJob.RestoreJobId }}',
          PropertySelector: '$.Status',
          DesiredValues: ['COMPLETED', 'FAILED', 'ABORTED'],
        },
      },
      {
        name: 'AssertRestoreCompleted',
        action: 'aws:assertAwsResourceProperty',
        description: 'Fail the automation unless the restore job COMPLETED (read its StatusMessage with aws backup describe-restore-job).',
        onFailure: 'Abort',
        inputs: {
          Service: 'backup',
          Api: 'DescribeRestoreJob',
          RestoreJobId: '{{ StartRestoreJob.RestoreJobId }}',
          PropertySelector: '$.Status',
          DesiredValues: ['COMPLETED'],
        },
      },
      {
        name: 'DescribeRestoredResource',
        action: 'aws:executeAwsApi',
        description: 'Output the ARN of the restored resource.',
        onFailure: 'Abort',
        isEnd: true,
        inputs: {
          Service: 'backup',
          Api: 'DescribeRestoreJob',
          RestoreJobId: '{{ StartRestoreJob.RestoreJobId }}',
        },
        outputs: [{ Name: 'CreatedResourceArn', Selector: '$.CreatedResourceArn', Type: 'String' }],
      },
    ],
    outputs: [
      'DescribeRestoredResource.CreatedResourceArn',
      'StartRestoreJob.RestoreJobId',
      'FindRecoveryPoint.RecoveryPointArn',
    ],
  };
  return toYaml(document) + '\n';
}

/** Block-style YAML: maps and lists indented, strings double-quoted, multi-line strings as `|-`. */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => {
      const rendered = toYaml(v, `${indent}  `);
      return `${indent}- ${isBlock(v) ? rendered.trimStart() : rendered}`;
    }).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => {
      const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k);
      if (isBlock(v)) return `${indent}${key}:\n${toYaml(v, `${indent}  `)}`;
      return `${indent}${key}: ${toYaml(v, `${indent}  `)}`;
    }).join('\n');
  }
  if (typeof value === 'string') {
    if (value.includes('\n')) {
      const lines = value.replace(/\n+$/, '').split('\n');
      return `|-\n${lines.map((l) => (l === '' ? '' : `${indent}${l}`)).join('\n')}`;
    }
    return JSON.stringify(value);
  }
  return JSON.stringify(value);
}

function isBlock(v: unknown): boolean {
  return (Array.isArray(v) && v.length > 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length > 0);
}
