import { App, CfnResource, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessProfile, RuleSeverity } from '../../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const prod = () => new App({ context: { 'readiness:profile': 'prod' } });

describe('Readiness-STA4 termination protection', () => {
  test('non-compliant: a PROD stack without termination protection', () => {
    const app = prod();
    new Stack(app, 'Unprotected');
    expect(findingsOf(app, 'Readiness-STA4')).toEqual([
      expect.objectContaining({ constructPath: 'Unprotected', severity: 'error', message: expect.stringMatching(/no termination protection/) }),
    ]);
  });

  test('compliant: terminationProtection: true', () => {
    const app = prod();
    new Stack(app, 'Protected', { terminationProtection: true });
    expect(findingsOf(app, 'Readiness-STA4')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-STA4')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('not applicable where the profile does not require it (DEV)', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    new Stack(app, 'Unprotected');
    expect(ruleOutcome(app, 'Readiness-STA4')).toMatchObject({ evaluated: 0, score: null });
  });
});

describe('Readiness-STA5 stateful resources are retained', () => {
  test('non-compliant: DESTROY on a table and a bucket reports both policies', () => {
    const app = prod();
    const stack = new Stack(app, 'S');
    new ddb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    const findings = findingsOf(app, 'Readiness-STA5');
    expect(findings.map((f) => [f.constructPath, f.message.split(':')[0]])).toEqual([
      ['S/Bucket/Resource', 'DeletionPolicy is Delete'],
      ['S/Bucket/Resource', 'UpdateReplacePolicy is Delete'],
      ['S/Table/Resource', 'DeletionPolicy is Delete'],
      ['S/Table/Resource', 'UpdateReplacePolicy is Delete'],
    ]);
  });

  test('non-compliant: a hand-written L1 with no policies gets CloudFormation\'s default, Delete', () => {
    const app = prod();
    const stack = new Stack(app, 'S');
    new CfnResource(stack, 'Raw', { type: 'AWS::EFS::FileSystem' });
    expect(pathsWith(app, 'Readiness-STA5')).toEqual(['S/Raw']);
  });

  test('compliant: CDK defaults (RETAIN for tables and buckets, SNAPSHOT for databases and volumes)', () => {
    const app = prod();
    const stack = new Stack(app, 'S');
    new ddb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    new s3.Bucket(stack, 'Bucket');
    new ec2.Volume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: Size.gibibytes(10), removalPolicy: RemovalPolicy.SNAPSHOT });
    expect(findingsOf(app, 'Readiness-STA5')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-STA5').evaluated).toBe(3);
  });

  test('compliant: an RDS cluster without explicit policies defaults to Snapshot; its instances are not judged', () => {
    const app = prod();
    const stack = new Stack(app, 'S');
    new CfnResource(stack, 'Cluster', { type: 'AWS::RDS::DBCluster', properties: { Engine: 'aurora-postgresql' } });
    new CfnResource(stack, 'Member', { type: 'AWS::RDS::DBInstance', properties: { DBClusterIdentifier: 'x' } });
    expect(findingsOf(app, 'Readiness-STA5')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-STA5').evaluated).toBe(1);
  });

  test('non-compliant: an Aurora cluster set to DESTROY', () => {
    const app = prod();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new rds.DatabaseCluster(stack, 'Db', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(pathsWith(app, 'Readiness-STA5')).toContain('S/Db/Resource');
  });

  test('severity follows the profile: a custom profile can make STA5 a warning', () => {
    const app = new App();
    ReadinessProfile.PROD.extend('prod-lenient', { severityOverrides: { 'Readiness-STA5': RuleSeverity.WARNING } }).applyTo(app);
    new s3.Bucket(new Stack(app, 'S'), 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    expect(findingsOf(app, 'Readiness-STA5').map((f) => f.severity)).toEqual(['warning', 'warning']);
  });
});
