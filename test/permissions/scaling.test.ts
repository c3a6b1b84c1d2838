/**
 * Permission matrix of the scaling family (ECS failover experiments with AWS FIS, endpoint canary,
 * ALB access logs) and of the alarm routing it uses, decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts) on the committed
 * integ snapshot.
 */
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as A } from './policy-model';
import { alarmContext, bucketRows, keyRows, queueRows, service, topicRows, trustRows } from './rows';

const TEMPLATES: FamilyTemplates[] = [
  { file: 'integ.scaling.ts.snapshot/IntegScaling.template.json', region: 'eu-west-1' },
];
const [s] = stacksOf(TEMPLATES);
const R = 'eu-west-1';
const FIS = { role: 'WebFailoverExperimentRoleA90E8251' };
const CANARY = { role: 'WebCanaryRoleE32324A1' };
const cluster = 'clustereb0386a7';
const artifacts = s.target('WebCanaryArtifactsDC16ADE7');
const row = (who: MatrixRow['who'], action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
  ({ stack: s.name, who, action, resource, context, expect, because });
const acl = `arn:aws:ec2:${R}:${A}:network-acl/acl-0123456789abcdef0`;
const alarm = alarmContext(R);

permissionMatrix('Scaling (EcsFailoverExperiments with AWS FIS, EndpointCanary)', TEMPLATES, [
  // FIS: only the tasks of the target cluster, only network ACLs FIS created and tagged.
  row(FIS, 'ecs:StopTask', `arn:aws:ecs:${R}:${A}:task/${cluster}/0123456789abcdef`, 'allowed', 'stops tasks of the target cluster'),
  row(FIS, 'ecs:StopTask', `arn:aws:ecs:${R}:${A}:task/payments/0123456789abcdef`, 'denied', 'stops tasks of any other cluster'),
  row(FIS, 'ecs:ListTasks', '*', 'denied', 'lists tasks of another cluster', { 'ecs:cluster': `arn:aws:ecs:${R}:${A}:cluster/payments` }),
  row(FIS, 'ecs:DeleteService', `arn:aws:ecs:${R}:${A}:service/${cluster}/web`, 'denied', 'deletes services'),
  row(FIS, 'ec2:CreateNetworkAclEntry', acl, 'allowed', 'edits a network ACL FIS created (tagged managedByFIS)', { 'aws:ResourceTag/managedByFIS': 'true', 'ec2:ResourceTag/managedByFIS': 'true' }),
  row(FIS, 'ec2:CreateNetworkAclEntry', acl, 'denied', 'edits your network ACL (untagged)'),
  row(FIS, 'ec2:DeleteNetworkAcl', acl, 'denied', 'deletes your network ACL (untagged)'),
  row(FIS, 'ec2:CreateTags', acl, 'denied', 'tags an existing network ACL managedByFIS (tag-then-modify)', { 'aws:RequestTag/managedByFIS': 'true', 'aws:TagKeys': 'managedByFIS' }),
  row(FIS, 'ec2:CreateTags', acl, 'allowed', 'tags the network ACL it creates, at creation', { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' }),
  row(FIS, 'ec2:ReplaceNetworkAclAssociation', `arn:aws:ec2:${R}:${A}:subnet/subnet-0123456789abcdef0`, 'denied', 'disrupts a subnet outside the target service\'s'),
  row(FIS, 'ec2:TerminateInstances', `arn:aws:ec2:${R}:${A}:instance/i-0123456789abcdef0`, 'denied', 'terminates instances'),
  row(FIS, 'ec2:DeleteVolume', `arn:aws:ec2:${R}:${A}:volume/vol-0123456789abcdef0`, 'denied', 'deletes volumes'),
  row(FIS, 'iam:PassRole', `arn:aws:iam::${A}:role/Admin`, 'denied', 'passes roles'),
  ...trustRows(s, 'WebFailoverExperimentRoleA90E8251', 'fis.amazonaws.com', { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:fis:${R}:${A}:experiment/EXP0123456789` }),
  // The canary: its own artifacts prefix and its metric namespace.
  row(CANARY, 's3:PutObject', `${artifacts}/runs/2026/12/07/result.json`, 'allowed', 'writes its run artifacts'),
  row(CANARY, 's3:PutObject', 'arn:aws:s3:::your-bucket/x', 'denied', 'writes other buckets'),
  row(CANARY, 's3:DeleteObject', `${artifacts}/runs/x`, 'denied', 'deletes artifacts'),
  row(CANARY, 'cloudwatch:PutMetricData', '*', 'allowed', 'publishes its metrics', { 'cloudwatch:namespace': 'CloudWatchSynthetics' }),
  row(CANARY, 'cloudwatch:PutMetricData', '*', 'denied', 'publishes into another namespace', { 'cloudwatch:namespace': 'AWS/ApplicationELB' }),
  row(CANARY, 'kms:Decrypt', s.target('WebCanaryArtifactsKeyB663FE43'), 'denied', 'decrypts outside S3'),
  row(CANARY, 'kms:Decrypt', s.target('ReadinessAlarmRoutingTopicKeyD5889F9F'), 'denied', 'decrypts the alarm topic key'),
  ...trustRows(s, 'WebCanaryRoleE32324A1', 'lambda.amazonaws.com'),
  // Buckets, keys, topics, queue.
  ...bucketRows(s, 'WebCanaryArtifactsDC16ADE7'),
  ...bucketRows(s, 'ReadinessAccessLogs2EB11FB6'),
  row(service('logging.s3.amazonaws.com'), 's3:PutObject', `${s.target('ReadinessAccessLogs2EB11FB6')}/x`, 'denied', 'S3 server access logs of another bucket', { 'aws:SourceArn': 'arn:aws:s3:::your-bucket', 'aws:SourceAccount': A }),
  ...keyRows(s, 'WebCanaryArtifactsKeyB663FE43', [FIS]),
  ...keyRows(s, 'ReadinessAlarmRoutingTopicKeyD5889F9F', [FIS, CANARY]),
  ...topicRows(s, 'ReadinessAlarmRoutingWarningTopic1CB26CDF', 'cloudwatch.amazonaws.com', alarm),
  ...topicRows(s, 'ReadinessAlarmRoutingCriticalTopic2035A028', 'cloudwatch.amazonaws.com', alarm),
  ...queueRows(s, 'JobsDF1CC2D4'),
], {
  WebTaskDefTaskRoleB0D86F55: 'the ECS task definition of the app under test',
  WebTaskDefExecutionRole04EEAF3E: 'the ECS task definition of the app under test',
});
