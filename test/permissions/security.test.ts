/**
 * Permission matrix of SecurityBaseline (trail, Config, Inspector enablement, findings routing,
 * audit log buckets and keys) in a home and a linked region, decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts) on the committed
 * integ snapshots.
 */
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as A, StackModel } from './policy-model';

import { alarmContext, bucketRows, deadLetterQueueRows, keyRows, service, topicRows, trustRows } from './rows';

const TEMPLATES: FamilyTemplates[] = [
  { file: 'integ.security-baseline.ts.snapshot/IntegSecurity.template.json', region: 'eu-west-1' },
  { file: 'integ.security-baseline.ts.snapshot/IntegSecurityLinked.template.json', region: 'eu-central-1' },
];
const [home, linked] = stacksOf(TEMPLATES);
const INSPECTOR = { role: 'SecurityInspectorHandlerRole3A4013D8' };
const CONFIG = { role: 'SecurityConfigRole00E07C46' };

/** Rows of the roles and resources both regions have. */
function regionRows(s: StackModel): MatrixRow[] {
  const R = s.region;
  const row = (who: MatrixRow['who'], action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
    ({ stack: s.name, who, action, resource, context, expect, because });
  const param = (name: string) => `arn:aws:ssm:${R}:${A}:parameter/${name}`;
  const audit = s.target('SecurityAuditLogs5FB2F203');
  const alarm = alarmContext(R);
  return [
    // The Inspector enablement handler: its own parameter path, Inspector, its service-linked roles.
    row(INSPECTOR, 'ssm:PutParameter', param('cdk-readiness/inspector2-enablement/EC2'), 'allowed', 'records what it enabled under its own path'),
    row(INSPECTOR, 'ssm:DeleteParameter', param('cdk-readiness/inspector2-enablement/EC2'), 'allowed', 'removes its own record'),
    row(INSPECTOR, 'ssm:GetParametersByPath', param('cdk-readiness/inspector2-enablement'), 'allowed', 'reads the records of other enablements (the path itself)'),
    row(INSPECTOR, 'ssm:PutParameter', param('cdk-readiness/other'), 'denied', 'writes outside its path'),
    row(INSPECTOR, 'ssm:DeleteParameter', param('prod/db-password'), 'denied', 'deletes your parameters'),
    row(INSPECTOR, 'ssm:GetParameter', param('prod/db-password'), 'denied', 'reads your parameters'),
    row(INSPECTOR, 'ssm:GetParametersByPath', param('prod'), 'denied', 'lists your parameters'),
    row(INSPECTOR, 'inspector2:Enable', '*', 'allowed', 'enables Inspector (no resource-level permissions)'),
    row(INSPECTOR, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${A}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`, 'allowed', 'Inspector\'s service-linked role', { 'iam:AWSServiceName': 'inspector2.amazonaws.com' }),
    row(INSPECTOR, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${A}:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2`, 'denied', 'any other service-linked role', { 'iam:AWSServiceName': 'ec2.amazonaws.com' }),
    row(INSPECTOR, 'iam:PassRole', `arn:aws:iam::${A}:role/Admin`, 'denied', 'passes no role'),
    row(INSPECTOR, 'securityhub:DisableSecurityHub', `arn:aws:securityhub:${R}:${A}:hub/default`, 'denied', 'turns off other security services'),
    ...trustRows(s, 'SecurityInspectorHandlerRole3A4013D8', 'lambda.amazonaws.com'),
    // The Config delivery role: its prefix of the audit bucket.
    row(CONFIG, 's3:PutObject', `${audit}/config/AWSLogs/${A}/Config/${R}/snapshot.json.gz`, 'allowed', 'delivers Config snapshots under its prefix'),
    row(CONFIG, 's3:PutObject', `${audit}/cloudtrail/AWSLogs/${A}/CloudTrail/${R}/trail.json.gz`, 'denied', 'writes over the trail\'s logs'),
    row(CONFIG, 's3:DeleteObject', `${audit}/config/AWSLogs/${A}/Config/${R}/snapshot.json.gz`, 'denied', 'deletes audit logs'),
    row(CONFIG, 's3:PutBucketPolicy', audit, 'denied', 'changes the audit bucket\'s policy'),
    row(CONFIG, 'kms:ScheduleKeyDeletion', s.target('SecurityAuditLogKeyF013EABC'), 'denied', 'deletes the audit key'),
    ...trustRows(s, 'SecurityConfigRole00E07C46', 'config.amazonaws.com', { 'aws:SourceAccount': A }),
    // Findings and alarm topics, buckets, keys.
    ...topicRows(s, 'SecurityIncidentRoutingTopic3F96BCB1', 'events.amazonaws.com'),
    ...deadLetterQueueRows(s, 'SecurityIncidentRoutingDeliveryDlq370CADFD'),
    ...topicRows(s, 'ReadinessAlarmRoutingWarningTopic1CB26CDF', 'cloudwatch.amazonaws.com', alarm),
    ...bucketRows(s, 'SecurityAuditLogs5FB2F203'),
    ...bucketRows(s, 'SecurityAuditLogAccessLogs9A18E355'),
    ...keyRows(s, 'SecurityAuditLogKeyF013EABC', [INSPECTOR]),
    ...keyRows(s, 'SecurityIncidentRoutingTopicKey928FA725', [INSPECTOR, CONFIG]),
    ...keyRows(s, 'ReadinessAlarmRoutingTopicKeyD5889F9F'),
    row(service('cloudwatch.amazonaws.com'), 'kms:Decrypt', s.target('ReadinessAlarmRoutingTopicKeyD5889F9F'), 'denied', 'CloudWatch for another account\'s alarms',
      { 'aws:SourceAccount': '999999999999', 'aws:SourceArn': `arn:aws:cloudwatch:${R}:999999999999:alarm:any` }),
  ];
}

const TRAIL = { role: 'SecurityTrailLogsRole946EB0C1' };
const trailLogs = `arn:aws:logs:eu-west-1:${A}:log-group:securitytraillogs809416c1`;
const alarmHome = alarmContext('eu-west-1');

permissionMatrix('Security (SecurityBaseline, InspectorEnablement, SecurityIncidentRouting)', TEMPLATES, [
  ...regionRows(home),
  ...regionRows(linked),
  // The trail's CloudWatch Logs role (home region only: the trail is multi-region).
  { stack: home.name, who: TRAIL, action: 'logs:PutLogEvents', resource: `${trailLogs}:log-stream:${A}_CloudTrail_eu-west-1`, expect: 'allowed', because: 'writes the trail\'s log group' },
  { stack: home.name, who: TRAIL, action: 'logs:PutLogEvents', resource: `arn:aws:logs:eu-west-1:${A}:log-group:other:log-stream:x`, expect: 'denied', because: 'writes other log groups' },
  { stack: home.name, who: TRAIL, action: 'logs:DeleteLogGroup', resource: `${trailLogs}:*`, expect: 'denied', because: 'deletes the trail\'s log group' },
  ...trustRows(home, 'SecurityTrailLogsRole946EB0C1', 'cloudtrail.amazonaws.com'),
  { stack: home.name, who: service('cloudtrail.amazonaws.com'), action: 's3:PutObject', resource: `${home.target('SecurityAuditLogs5FB2F203')}/cloudtrail/AWSLogs/${A}/CloudTrail/x.json.gz`, context: { 's3:x-amz-acl': 'bucket-owner-full-control' }, expect: 'allowed', because: 'CloudTrail delivers to the audit bucket' },
  ...topicRows(home, 'ReadinessAlarmRoutingCriticalTopic2035A028', 'cloudwatch.amazonaws.com', alarmHome),
  ...topicRows(home, 'ReadinessAlarmRoutingInfoTopicEB5737B5', 'cloudwatch.amazonaws.com', alarmHome),
]);
