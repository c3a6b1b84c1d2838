import { App, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { PROTECTABLE_TYPES } from '../../src/backup/private/protectable';
import { isClusterMemberResource } from '../../src/shared/cfn';
import { BACKUP_PROTECTED_TYPES, isClusterMember, MONITOR_SCOPE_TYPES, MONITORABLE_TYPES } from '../../src/shared/resource-types';

describe('one resource-type table for constructs and rules', () => {
  test('what CrossRegionBackup.protect() accepts is what BAK1 requires a backup of', () => {
    expect(PROTECTABLE_TYPES).toEqual(BACKUP_PROTECTED_TYPES);
  });

  test('what ServiceMonitoring.monitorScope() picks up is what MON1 requires alarms on, plus log groups', () => {
    expect(MONITOR_SCOPE_TYPES).toEqual([...MONITORABLE_TYPES, 'AWS::Logs::LogGroup']);
  });

  test('an instance of a cluster is a cluster member, in a template and in the construct tree alike', () => {
    expect(isClusterMember('AWS::RDS::DBInstance', { DBClusterIdentifier: 'c' })).toBe(true);
    expect(isClusterMember('AWS::RDS::DBInstance', { dbClusterIdentifier: 'c' })).toBe(true);
    expect(isClusterMember('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r6g.large' })).toBe(false);
    expect(isClusterMember('AWS::RDS::DBCluster', { DBClusterIdentifier: 'c' })).toBe(false);
    expect(isClusterMember('AWS::RDS::DBInstance', undefined)).toBe(false);
    const stack = new Stack(new App(), 'S');
    expect(isClusterMemberResource(new rds.CfnDBInstance(stack, 'Member', { dbClusterIdentifier: 'c', dbInstanceClass: 'db.r6g.large' }))).toBe(true);
    expect(isClusterMemberResource(new rds.CfnDBInstance(stack, 'Alone', { dbInstanceClass: 'db.t3.micro' }))).toBe(false);
  });
});
