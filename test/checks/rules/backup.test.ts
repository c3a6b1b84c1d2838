import { App, CfnResource, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { pathsWith, ruleOutcome } from '../../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const US: StackProps = { env: { account: '111111111111', region: 'us-east-1' } };
const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });

function table(scope: Construct, id: string, tableName?: string) {
  return new ddb.Table(scope, id, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, tableName });
}

function plan(scope: Construct) {
  return backup.BackupPlan.daily35DayRetention(scope, 'Plan');
}

/** A raw selection, for the shapes the L2 cannot write (Conditions, NotResources). */
function rawSelection(scope: Construct, id: string, selection: Record<string, unknown>) {
  const p = plan(scope);
  return new CfnResource(scope, id, {
    type: 'AWS::Backup::BackupSelection',
    properties: {
      BackupPlanId: p.backupPlanId,
      BackupSelection: { SelectionName: id, IamRoleArn: 'arn:aws:iam::111111111111:role/backup', ...selection },
    },
  });
}

describe('Readiness-BAK1 every data store is selected by a backup plan', () => {
  test('non-compliant: a table and an Aurora cluster no plan selects (cluster members are not judged)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    table(stack, 'Orders');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new rds.DatabaseCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual(['Data/Db/Resource', 'Data/Orders/Resource']);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 2, passed: 0 });
  });

  test('compliant: selected by resource reference (BackupResource.fromDynamoDbTable / fromConstruct)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    const a = table(stack, 'A');
    const b = new Construct(stack, 'Group');
    table(b, 'B');
    const p = plan(stack);
    p.addSelection('ByRef', { resources: [backup.BackupResource.fromDynamoDbTable(a), backup.BackupResource.fromConstruct(b)] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('compliant across stacks: a plan in a backup stack selects a table of the data stack (Fn::ImportValue)', () => {
    const app = prodApp();
    const data = new Stack(app, 'Data', EU);
    const orders = table(data, 'Orders');
    table(data, 'Unprotected');
    const ops = new Stack(app, 'Backup', EU);
    plan(ops).addSelection('Data', { resources: [backup.BackupResource.fromDynamoDbTable(orders)] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/Unprotected/Resource']);
  });

  test('by literal ARN: the named table is selected, another table is not', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    table(stack, 'Orders', 'orders');
    table(stack, 'Customers', 'customers');
    plan(stack).addSelection('ByArn', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:eu-west-1:111111111111:table/orders')] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/Customers/Resource']);
  });

  test('by wildcard ARN: every table of the region is selected, an RDS instance is not', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    table(stack, 'Orders');
    new CfnResource(stack, 'Db', { type: 'AWS::RDS::DBInstance', properties: { Engine: 'postgres' } });
    plan(stack).addSelection('AllTables', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:*:*:table/*')] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/Db']);
  });

  test('a selection in another region does not protect the table (backup plans are regional)', () => {
    const app = prodApp();
    table(new Stack(app, 'Data', EU), 'Orders');
    plan(new Stack(app, 'Dr', US)).addSelection('All', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:*:*:table/*')] });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/Orders/Resource']);
  });

  test('by tag (L2 fromTag → ListOfTags, OR semantics): matching tag selected, other value not', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    Tags.of(table(stack, 'Daily')).add('backup', 'daily');
    Tags.of(table(stack, 'Weekly')).add('backup', 'weekly');
    table(stack, 'Untagged');
    plan(stack).addSelection('ByTag', {
      resources: [backup.BackupResource.fromTag('backup', 'daily'), backup.BackupResource.fromTag('tier', 'gold')],
    });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual(['Data/Untagged/Resource', 'Data/Weekly/Resource']);
  });

  test('Conditions are ANDed: a table with only one of two required tags is not selected', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    const both = table(stack, 'Both');
    Tags.of(both).add('backup', 'daily');
    Tags.of(both).add('tier', 'gold');
    Tags.of(table(stack, 'OnlyOne')).add('backup', 'daily');
    rawSelection(stack, 'Conditions', {
      Resources: ['arn:aws:dynamodb:*:*:table/*'],
      Conditions: {
        StringEquals: [
          { ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'daily' },
          { ConditionKey: 'aws:ResourceTag/tier', ConditionValue: 'gold' },
        ],
      },
    });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/OnlyOne/Resource']);
  });

  test('StringLike and StringNotEquals conditions, and NotResources exclusions', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    Tags.of(table(stack, 'Prod', 'prod-orders')).add('env', 'prod-eu');
    Tags.of(table(stack, 'Scratch', 'prod-scratch')).add('env', 'prod-eu');
    Tags.of(table(stack, 'Test', 'test-orders')).add('env', 'test');
    Tags.of(table(stack, 'Legacy', 'legacy')).add('env', 'prod-legacy');
    rawSelection(stack, 'Like', {
      Conditions: {
        StringLike: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod-*' }],
        StringNotEquals: [{ ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod-legacy' }],
      },
      NotResources: ['arn:aws:dynamodb:*:*:table/prod-scratch'],
    });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual(['Data/Legacy/Resource', 'Data/Scratch/Resource', 'Data/Test/Resource']);
  });

  test('a condition whose value is not a literal proves nothing (not selected)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Data', EU);
    Tags.of(table(stack, 'Orders')).add('backup', 'daily');
    rawSelection(stack, 'Intrinsic', {
      Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: stack.stackName }] },
    });
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Data/Orders/Resource']);
  });
});
