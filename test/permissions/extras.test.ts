/**
 * Permission matrix of the constructs' optional roles no integ app makes: DrRestoreAutomation's own
 * restore role and its grantStart, SecurityIncidentRouting's Incident Manager role, and
 * AutoScalingGroupFailoverExperiments' FIS role; decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts) on templates
 * these tests synthesize.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as A } from './policy-model';
import { alarmContext, deadLetterQueueRows, keyRows, topicRows, trustRows } from './rows';
import { AutoScalingGroupFailoverExperiments, DrRestoreAutomation, SecurityIncidentRouting } from '../../src';

const R = 'eu-central-1';
const PLAN = `arn:aws:ssm-incidents::${A}:response-plan/security`;

function synthesized(): FamilyTemplates[] {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const env = { account: A, region: R };
  const dr = new Stack(app, 'Restore', { env });
  const restore = new DrRestoreAutomation(dr, 'Restore', { backupVault: new backup.BackupVault(dr, 'Vault', { backupVaultName: 'dr-vault' }) });
  restore.grantStart(new iam.Role(dr, 'Operator', { assumedBy: new iam.AccountRootPrincipal() }));
  const security = new Stack(app, 'Incidents', { env });
  new SecurityIncidentRouting(security, 'Routing', { responsePlanArn: PLAN });
  const fleet = new Stack(app, 'Fleet', { env });
  new AutoScalingGroupFailoverExperiments(fleet, 'Failover', {
    autoScalingGroup: new autoscaling.AutoScalingGroup(fleet, 'Asg', {
      vpc: new ec2.Vpc(fleet, 'Vpc', { maxAzs: 2, natGateways: 1 }),
      instanceType: new ec2.InstanceType('t3.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      minCapacity: 3,
      maxCapacity: 9,
    }),
  });
  return [dr, security, fleet].map((s) => ({ name: s.stackName, template: Template.fromStack(s).toJSON(), region: R }));
}

const TEMPLATES = synthesized();
const [dr, incidents, fleet] = stacksOf(TEMPLATES);
const roleId = (s: typeof dr, pattern: RegExp) => s.roles.find((r) => pattern.test(r.logicalId))!.logicalId;
const OPERATOR = { role: roleId(dr, /^Operator/) };
const AUTOMATION_ROLE = roleId(dr, /AutomationRole/);
const RESTORE_ROLE = roleId(dr, /RestoreRestoreRole/);
const START_INCIDENT = roleId(incidents, /StartIncidentRole/);
const FIS = roleId(fleet, /ExperimentRole/);
const asgName = fleet.resolve({ Ref: Object.keys(fleet.resources).find((k) => fleet.resources[k].Type === 'AWS::AutoScaling::AutoScalingGroup')! });
const instance = `arn:aws:ec2:${R}:${A}:instance/i-0123456789abcdef0`;
const row = (stack: typeof dr, who: MatrixRow['who'], action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
  ({ stack: stack.name, who, action, resource, context, expect, because });
const automationDocument = (name: string) => `arn:aws:ssm:${R}:${A}:automation-definition/${name}:$DEFAULT`;
const documentName = String(dr.resolve({ Ref: Object.keys(dr.resources).find((k) => dr.resources[k].Type === 'AWS::SSM::Document')! }));

permissionMatrix('Optional roles (DrRestoreAutomation restore role and grantStart, Incident Manager, Auto Scaling FIS)', TEMPLATES, [
  // DrRestoreAutomation: its restore role, its automation role, and what grantStart gives an operator.
  ...trustRows(dr, RESTORE_ROLE, 'backup.amazonaws.com'),
  row(dr, { role: RESTORE_ROLE }, 'iam:PassRole', dr.target(AUTOMATION_ROLE), 'denied', 'none of our grants (AWS\'s managed restore policy is not ours to evaluate)'),
  ...trustRows(dr, AUTOMATION_ROLE, 'ssm.amazonaws.com', { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:ssm:${R}:${A}:automation-execution/0a1b2c3d` }),
  row(dr, { role: AUTOMATION_ROLE }, 'iam:PassRole', dr.target(RESTORE_ROLE), 'allowed', 'the restore role to AWS Backup', { 'iam:PassedToService': 'backup.amazonaws.com' }),
  row(dr, { role: AUTOMATION_ROLE }, 'iam:PassRole', dr.target(OPERATOR.role), 'denied', 'any other role', { 'iam:PassedToService': 'backup.amazonaws.com' }),
  row(dr, OPERATOR, 'ssm:StartAutomationExecution', automationDocument(documentName), 'allowed', 'starts the restore automation'),
  row(dr, OPERATOR, 'ssm:StartAutomationExecution', automationDocument('AWS-DeleteStack'), 'denied', 'starts any other automation'),
  row(dr, OPERATOR, 'iam:PassRole', dr.target(AUTOMATION_ROLE), 'allowed', 'the automation role to Systems Manager', { 'iam:PassedToService': 'ssm.amazonaws.com' }),
  row(dr, OPERATOR, 'iam:PassRole', dr.target(AUTOMATION_ROLE), 'denied', 'the automation role to another service', { 'iam:PassedToService': 'lambda.amazonaws.com' }),
  row(dr, OPERATOR, 'iam:PassRole', dr.target(RESTORE_ROLE), 'denied', 'the restore role itself', { 'iam:PassedToService': 'backup.amazonaws.com' }),
  row(dr, OPERATOR, 'backup:DeleteRecoveryPoint', `arn:aws:backup:${R}:${A}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789`, 'denied', 'deletes recovery points'),
  // SecurityIncidentRouting with a response plan.
  ...trustRows(incidents, START_INCIDENT, 'events.amazonaws.com', { 'aws:SourceAccount': A }),
  row(incidents, { role: START_INCIDENT }, 'ssm-incidents:StartIncident', PLAN, 'allowed', 'starts incidents of the response plan'),
  row(incidents, { role: START_INCIDENT }, 'ssm-incidents:StartIncident', `arn:aws:ssm-incidents::${A}:response-plan/other`, 'denied', 'of any other plan'),
  row(incidents, { role: START_INCIDENT }, 'ssm-incidents:DeleteResponsePlan', PLAN, 'denied', 'deletes the plan'),
  ...incidents.resourcePolicies.filter((p) => p.type === 'AWS::KMS::Key').flatMap((p) => keyRows(incidents, p.logicalId, [{ role: START_INCIDENT }])),
  ...incidents.resourcePolicies.filter((p) => p.type === 'AWS::SNS::Topic').flatMap((p) => topicRows(incidents, p.logicalId, 'events.amazonaws.com')),
  ...incidents.resourcePolicies.filter((p) => p.type === 'AWS::SQS::Queue').flatMap((p) => deadLetterQueueRows(incidents, p.logicalId)),
  // Auto Scaling FIS: terminates only instances of the group.
  ...trustRows(fleet, FIS, 'fis.amazonaws.com', { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:fis:${R}:${A}:experiment/EXP0123456789` }),
  row(fleet, { role: FIS }, 'ec2:TerminateInstances', instance, 'allowed', 'an instance of the group', { 'ec2:ResourceTag/aws:autoscaling:groupName': String(asgName), 'aws:ResourceTag/aws:autoscaling:groupName': String(asgName) }),
  row(fleet, { role: FIS }, 'ec2:TerminateInstances', instance, 'denied', 'an instance of another group', { 'ec2:ResourceTag/aws:autoscaling:groupName': 'payments', 'aws:ResourceTag/aws:autoscaling:groupName': 'payments' }),
  row(fleet, { role: FIS }, 'ec2:TerminateInstances', instance, 'denied', 'an instance of no group'),
  row(fleet, { role: FIS }, 'ec2:DeleteVolume', `arn:aws:ec2:${R}:${A}:volume/vol-0123456789abcdef0`, 'denied', 'deletes volumes'),
  row(fleet, { role: FIS }, 'autoscaling:DeleteAutoScalingGroup', `arn:aws:autoscaling:${R}:${A}:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/${String(asgName)}`, 'denied', 'deletes the group'),
  ...fleet.resourcePolicies.filter((p) => p.type === 'AWS::SNS::Topic').flatMap((p) => topicRows(fleet, p.logicalId, 'cloudwatch.amazonaws.com', alarmContext(R))),
  ...fleet.resourcePolicies.filter((p) => p.type === 'AWS::KMS::Key').flatMap((p) => keyRows(fleet, p.logicalId, [{ role: FIS }])),
], {
  AsgInstanceRole7946982D: 'the instances of the Auto Scaling group under test',
});
