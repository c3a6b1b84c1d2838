import { ArnFormat, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { cfnPropertiesOf } from '../../shared/cdk-internals';
import { BACKUP_PROTECTED_TYPES } from '../../shared/resource-types';
import { ProtectedResourceType } from '../protected-resource-type';

/** How to protect one CloudFormation type: its restore-testing type and its ARN. */
interface Protectable {
  readonly type: (res: CfnResource) => ProtectedResourceType;
  readonly arn: (res: CfnResource) => string;
}

const rdsArn = (resource: string) => (res: CfnResource) =>
  Stack.of(res).formatArn({ service: 'rds', resource, resourceName: res.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
const slashArn = (service: string, resource: string) => (res: CfnResource) =>
  Stack.of(res).formatArn({ service, resource, resourceName: res.ref, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
const attArn = (res: CfnResource) => res.getAtt('Arn').toString();
const fixed = (t: ProtectedResourceType) => () => t;

/** How to protect each CloudFormation type `protect()` accepts: every type of BACKUP_PROTECTED_TYPES. */
const HOW: Record<string, Protectable> = {
  'AWS::RDS::DBInstance': { type: fixed(ProtectedResourceType.RDS), arn: rdsArn('db') },
  'AWS::RDS::DBCluster': {
    type: (res) => (/^aurora/i.test(String((res as any).engine ?? cfnPropertiesOf(res).Engine ?? 'aurora'))
      ? ProtectedResourceType.AURORA : ProtectedResourceType.RDS),
    arn: rdsArn('cluster'),
  },
  'AWS::DynamoDB::Table': { type: fixed(ProtectedResourceType.DYNAMODB), arn: attArn },
  'AWS::DynamoDB::GlobalTable': { type: fixed(ProtectedResourceType.DYNAMODB), arn: attArn },
  'AWS::EFS::FileSystem': { type: fixed(ProtectedResourceType.EFS), arn: attArn },
  'AWS::EC2::Volume': { type: fixed(ProtectedResourceType.EBS), arn: slashArn('ec2', 'volume') },
  'AWS::FSx::FileSystem': { type: fixed(ProtectedResourceType.FSX), arn: slashArn('fsx', 'file-system') },
  'AWS::DocDB::DBCluster': { type: fixed(ProtectedResourceType.DOCUMENTDB), arn: rdsArn('cluster') },
  'AWS::Neptune::DBCluster': { type: fixed(ProtectedResourceType.NEPTUNE), arn: rdsArn('cluster') },
};

/** Every CloudFormation type `protect()` accepts: the one list the rules judge (BAK1) too. */
export const PROTECTABLE: Record<string, Protectable> = Object.fromEntries(BACKUP_PROTECTED_TYPES.map((t) => {
  if (!HOW[t]) throw new Error(`cdk-readiness: no backup protection defined for ${t}`);
  return [t, HOW[t]];
}));

/** The CloudFormation types `protect()` accepts, for error messages. */
export const PROTECTABLE_TYPES = Object.keys(PROTECTABLE);

/** A resolved protection target. */
export interface ProtectionTarget {
  readonly resource: CfnResource;
  readonly type: ProtectedResourceType;
  readonly arn: string;
}

/**
 * A Multi-AZ DB cluster: an `AWS::RDS::DBCluster` whose engine is literally not Aurora (mysql,
 * postgres). AWS Backup cannot copy its snapshots to another region.
 */
export function isMultiAzDbCluster(res: CfnResource): boolean {
  if (res.cfnResourceType !== 'AWS::RDS::DBCluster') return false;
  const engine = (res as any).engine ?? cfnPropertiesOf(res).Engine;
  return typeof engine === 'string' && !Token.isUnresolved(engine) && !/^aurora/i.test(engine);
}

/** The protection target for an L1 resource, or undefined when AWS Backup cannot protect its type. */
export function targetOf(res: CfnResource): ProtectionTarget | undefined {
  const p = PROTECTABLE[res.cfnResourceType];
  return p ? { resource: res, type: p.type(res), arn: p.arn(res) } : undefined;
}

/** The protected type an ARN names, when its service and resource tell it. */
export function typeOfArn(arn: string): ProtectedResourceType | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  if (service === 'dynamodb' && resource.startsWith('table/')) return ProtectedResourceType.DYNAMODB;
  if (service === 'elasticfilesystem' && resource.startsWith('file-system/')) return ProtectedResourceType.EFS;
  if (service === 'ec2' && resource.startsWith('volume/')) return ProtectedResourceType.EBS;
  if (service === 'fsx' && resource.startsWith('file-system/')) return ProtectedResourceType.FSX;
  if (service === 'rds' && resource.startsWith('db:')) return ProtectedResourceType.RDS;
  return undefined;
}
