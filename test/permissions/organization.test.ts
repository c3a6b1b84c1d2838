/**
 * Permission matrix of the organization family (OrganizationBaseline in the management account,
 * SecurityToolingBaseline in the security tooling account, OrganizationBackupPolicy, and the
 * StackSetRollout of a StackSetStack), decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts) on the committed
 * integ snapshots: the delegation calls' role may make exactly its calls (register the tooling
 * account, for its own services) and nothing destructive; the organization trail writes only under
 * the organization's prefix for this trail; the StackSet's member template adds no role of ours;
 * the StackSet asset bucket of each region lets the organization's
 * accounts read the code and nobody write it but the copies, which write exactly the asset's key.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as MANAGEMENT, OTHER_ACCOUNT, StackModel, decide } from './policy-model';
import { adminOf, alarmContext, bucketRows, deadLetterQueueRows, keyRows, outsider, service, topicRows, trustRows } from './rows';

const TOOLING = '222222222222';
const ORG = 'o-integtest01';
const R = 'eu-west-1';
const SNAPSHOT = 'integ.organization.ts.snapshot';

/** The member template the StackSet deploys (inline in the tooling template, not a file). */
function memberTemplate(): object {
  const tooling = JSON.parse(fs.readFileSync(path.join(__dirname, '..', SNAPSHOT, 'IntegOrganizationTooling.template.json'), 'utf8'));
  const stackSet = Object.values<any>(tooling.Resources).find((r) => r.Type === 'AWS::CloudFormation::StackSet');
  return JSON.parse(stackSet.Properties.TemplateBody);
}

const TEMPLATES: FamilyTemplates[] = [
  { file: 'integ.organization.ts.snapshot/IntegOrganizationManagement.template.json', region: R, account: MANAGEMENT },
  { file: 'integ.organization.ts.snapshot/IntegOrganizationTooling.template.json', region: R, account: TOOLING },
  { name: 'IntegMemberBaseline', template: memberTemplate(), region: R, account: '333333333333' },
  { file: 'integ.organization.ts.snapshot/IntegOrganizationAssets-eu-central-1.template.json', region: 'eu-central-1', account: TOOLING },
  { file: 'integ.organization.ts.snapshot/IntegOrganizationAssets-eu-west-1.template.json', region: R, account: TOOLING },
];
const [management, tooling, member, assetsCentral, assetsWest] = stacksOf(TEMPLATES);

/** The singleton role of AwsCustomResource (one per stack) that makes the delegation calls. */
const CALLS = 'AWS679f53fac002430cb0da5b7982bd2287ServiceRoleC1EA0FF2';
const TRAIL_LOGS = 'OrganizationBaselineTrailLogsRoleD6B18BEE';
const ASSET_BUCKET = 'AssetBucket9EB898D0';
/** The member template's asset, as the snapshots normalize its hash. */
const ASSET_KEY = '<asset-hash>.zip';
/** The role of the delegated-administrator handler (GuardDuty, Inspector), and its log group. */
const ADMIN_ROLE = 'OrganizationDelegatedAdminRoleCC07C2EA';
const ADMIN_LOGS = 'OrganizationDelegatedAdminLogsAD800773';
const AUDIT = 'OrganizationBaselineAuditLogs2915E898';
const AUDIT_KEY = 'OrganizationBaselineAuditLogKey76B7BE5A';
const AGGREGATOR = 'ToolingConfigAggregatorRoleD9E46523';
/** The organization alert bus (tooling account) and the member template's forwarding role. */
const ALERT_BUS = 'AlertBus680CE8EA';
const ALERT_BUS_NAME = 'readiness-organization-alerts';
const FORWARD_ROLE = 'ForwardAlertsRoleCA699E80';
const FORWARD_POLICY = 'ForwardAlertsPutEventsPolicy8994E224';

const row = (s: StackModel, who: MatrixRow['who'], action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
  ({ stack: s.name, who, action, resource, context, expect, because });

/** The management account: delegation calls, organization trail, its bucket and key, alarm topics. */
function managementRows(): MatrixRow[] {
  const s = management;
  const calls = { role: CALLS };
  const admins = { role: ADMIN_ROLE };
  const account = (id: string) => `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${id}`;
  const by = (principal: string) => ({ 'organizations:ServicePrincipal': principal });
  const policy = `arn:aws:organizations::${MANAGEMENT}:policy/${ORG}/backup_policy/p-0123abcd`;
  const root = `arn:aws:organizations::${MANAGEMENT}:root/${ORG}/r-ab12`;
  const audit = s.target(AUDIT);
  const trail = `arn:aws:cloudtrail:${R}:${MANAGEMENT}:trail/readiness-organization-trail`;
  const orgLog = (accountId: string) => `${audit}/cloudtrail/AWSLogs/${ORG}/${accountId}/CloudTrail/${R}/2026/12/07/x.json.gz`;
  const delivery = (sourceArn: string) => ({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn });
  const trailLogs = `arn:aws:logs:${R}:${MANAGEMENT}:log-group:organizationbaselinetraillogsbc0fb161`;
  return [
    // GuardDuty's and Inspector's delegated administrator: the check-first handler reads and sets the delegation, to the tooling account only.
    row(s, admins, 'guardduty:ListOrganizationAdminAccounts', '*', 'allowed', 'reads GuardDuty\'s delegation first'),
    row(s, admins, 'guardduty:EnableOrganizationAdminAccount', '*', 'allowed', 'makes the tooling account GuardDuty\'s delegated administrator'),
    row(s, admins, 'inspector2:ListDelegatedAdminAccounts', '*', 'allowed', 'reads Inspector\'s delegation first'),
    row(s, admins, 'inspector2:EnableDelegatedAdminAccount', '*', 'allowed', 'makes the tooling account Inspector\'s delegated administrator'),
    ...['guardduty.amazonaws.com', 'inspector2.amazonaws.com'].map((p) =>
      row(s, admins, 'organizations:RegisterDelegatedAdministrator', account(TOOLING), 'allowed', `registers the tooling account for ${p}`, by(p))),
    row(s, admins, 'organizations:RegisterDelegatedAdministrator', account('333333333333'), 'denied', 'registers any other account (even for GuardDuty)', by('guardduty.amazonaws.com')),
    row(s, admins, 'organizations:RegisterDelegatedAdministrator', account(TOOLING), 'denied', 'registers the tooling account for another service (StackSets: deploys into every account)',
      by('member.org.stacksets.cloudformation.amazonaws.com')),
    row(s, admins, 'organizations:EnableAWSServiceAccess', '*', 'allowed', 'trusts GuardDuty in the organization', by('guardduty.amazonaws.com')),
    row(s, admins, 'organizations:EnableAWSServiceAccess', '*', 'allowed', 'trusts GuardDuty\'s Malware Protection for EC2 (its own principal)', by('malware-protection.guardduty.amazonaws.com')),
    ...['organizations:DescribeOrganizationalUnit', 'organizations:DescribeAccount', 'organizations:ListAccounts'].map((a) =>
      row(s, admins, a, '*', 'allowed', 'reads the organization, as the GuardDuty and Inspector guides require for designating a delegated administrator')),
    row(s, admins, 'organizations:MoveAccount', account('333333333333'), 'denied', 'moves an account (reading the organization changes nothing)'),
    row(s, admins, 'organizations:EnableAWSServiceAccess', '*', 'denied', 'trusts any other service in the organization', by('sso.amazonaws.com')),
    row(s, admins, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`, 'allowed',
      'Inspector\'s service-linked role', { 'iam:AWSServiceName': 'inspector2.amazonaws.com' }),
    row(s, admins, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${MANAGEMENT}:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin`, 'denied',
      'any other service-linked role', { 'iam:AWSServiceName': 'stacksets.cloudformation.amazonaws.com' }),
    row(s, admins, 'guardduty:DisableOrganizationAdminAccount', '*', 'denied', 'removes GuardDuty\'s delegated administrator'),
    row(s, admins, 'inspector2:DisableDelegatedAdminAccount', '*', 'denied', 'removes Inspector\'s delegated administrator'),
    row(s, admins, 'organizations:DeregisterDelegatedAdministrator', account(TOOLING), 'denied', 'undoes a delegation', by('guardduty.amazonaws.com')),
    row(s, admins, 'logs:PutLogEvents', `${s.target(ADMIN_LOGS)}:log-stream:x`, 'allowed', 'writes its own log group'),
    row(s, admins, 'logs:PutLogEvents', `arn:aws:logs:${R}:${MANAGEMENT}:log-group:other:log-stream:x`, 'denied', 'writes other log groups'),
    ...trustRows(s, ADMIN_ROLE, 'lambda.amazonaws.com'),
    // AWS Config's registration (AwsCustomResource): the tooling account, for AWS Config only.
    row(s, calls, 'organizations:RegisterDelegatedAdministrator', account(TOOLING), 'allowed', 'registers the tooling account for config.amazonaws.com', by('config.amazonaws.com')),
    row(s, calls, 'organizations:RegisterDelegatedAdministrator', account(TOOLING), 'denied', 'registers the tooling account for GuardDuty (the handler\'s job, not this call\'s)', by('guardduty.amazonaws.com')),
    row(s, calls, 'organizations:RegisterDelegatedAdministrator', account('333333333333'), 'denied', 'registers any other account', by('config.amazonaws.com')),
    row(s, calls, 'guardduty:EnableOrganizationAdminAccount', '*', 'denied', 'makes a GuardDuty delegated administrator'),
    row(s, calls, 'organizations:EnableAWSServiceAccess', '*', 'denied', 'trusts a service in the organization', by('guardduty.amazonaws.com')),
    row(s, calls, 'organizations:DeregisterDelegatedAdministrator', account(TOOLING), 'denied', 'undoes a delegation', by('guardduty.amazonaws.com')),
    row(s, calls, 'guardduty:DisableOrganizationAdminAccount', '*', 'denied', 'removes GuardDuty\'s delegated administrator'),
    row(s, calls, 'guardduty:DeleteDetector', `arn:aws:guardduty:${R}:${MANAGEMENT}:detector/12abc34d567e8fa901bc2d34e56789f0`, 'denied', 'deletes a GuardDuty detector'),
    row(s, calls, 'inspector2:Disable', '*', 'denied', 'turns Inspector off'),
    row(s, calls, 'organizations:DeletePolicy', policy, 'denied', 'deletes the backup policy'),
    row(s, calls, 'organizations:DetachPolicy', policy, 'denied', 'detaches a policy'),
    row(s, calls, 'organizations:CreatePolicy', '*', 'denied', 'creates a policy (an SCP)'),
    row(s, calls, 'organizations:DisablePolicyType', root, 'denied', 'turns off a policy type'),
    row(s, calls, 'organizations:RemoveAccountFromOrganization', account(TOOLING), 'denied', 'removes an account'),
    row(s, calls, 'cloudtrail:StopLogging', trail, 'denied', 'stops the organization trail'),
    row(s, calls, 's3:DeleteObject', orgLog(TOOLING), 'denied', 'deletes audit logs'),
    row(s, calls, 'iam:PassRole', `arn:aws:iam::${MANAGEMENT}:role/Admin`, 'denied', 'passes a role'),
    ...trustRows(s, CALLS, 'lambda.amazonaws.com'),
    // The organization trail's delivery to the audit bucket.
    row(s, service('cloudtrail.amazonaws.com'), 's3:PutObject', orgLog(TOOLING), 'allowed', 'the organization trail delivers a member account\'s logs under the organization\'s prefix', delivery(trail)),
    row(s, service('cloudtrail.amazonaws.com'), 's3:PutObject', orgLog(TOOLING), 'denied', 'another trail (of another account) under the organization\'s prefix',
      delivery(`arn:aws:cloudtrail:${R}:${OTHER_ACCOUNT}:trail/readiness-organization-trail`)),
    row(s, service('cloudtrail.amazonaws.com'), 's3:PutObject', orgLog(TOOLING), 'denied', 'without bucket-owner-full-control', { 'aws:SourceArn': trail }),
    row(s, service('cloudtrail.amazonaws.com'), 's3:PutObject', `${audit}/cloudtrail/AWSLogs/o-otherorg0001/${TOOLING}/CloudTrail/${R}/x.json.gz`, 'denied',
      'another organization\'s prefix', delivery(trail)),
    row(s, service('cloudtrail.amazonaws.com'), 's3:PutObject', `${audit}/config/AWSLogs/${MANAGEMENT}/Config/x.json.gz`, 'denied', 'outside the trail\'s prefixes', delivery(trail)),
    row(s, service('cloudtrail.amazonaws.com'), 's3:GetBucketAcl', audit, 'allowed', 'reads the bucket ACL before delivery'),
    row(s, service('cloudtrail.amazonaws.com'), 's3:DeleteObject', orgLog(TOOLING), 'denied', 'deletes logs'),
    row(s, adminOf(MANAGEMENT), 's3:PutObject', orgLog(TOOLING), 'denied', 'without TLS, even an administrator', { 'aws:SecureTransport': 'false' }),
    row(s, adminOf(TOOLING), 's3:GetObject', orgLog(TOOLING), 'denied', 'the tooling account reads the logs (nothing of ours grants it)'),
    row(s, adminOf(TOOLING), 's3:PutObject', orgLog(TOOLING), 'denied', 'a member account writes into the organization\'s logs'),
    ...bucketRows(s, AUDIT),
    ...bucketRows(s, 'OrganizationBaselineAuditLogAccessLogs916A9745'),
    row(s, service('logging.s3.amazonaws.com'), 's3:PutObject', `${s.target('OrganizationBaselineAuditLogAccessLogs916A9745')}/audit-logs/x`, 'allowed', 'S3 server access logs of the audit bucket',
      { 'aws:SourceArn': audit, 'aws:SourceAccount': MANAGEMENT }),
    row(s, service('logging.s3.amazonaws.com'), 's3:PutObject', `${s.target('OrganizationBaselineAuditLogAccessLogs916A9745')}/audit-logs/x`, 'denied', 'access logs of another bucket',
      { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket', 'aws:SourceAccount': OTHER_ACCOUNT }),
    // The audit key: CloudTrail encrypts for this account's trails, only this account decrypts.
    ...keyRows(s, AUDIT_KEY, [{ role: CALLS }, { role: TRAIL_LOGS }, admins]),
    row(s, adminOf(TOOLING), 'kms:Decrypt', s.target(AUDIT_KEY), 'denied', 'the tooling account (the key trusts only the management account)'),
    row(s, service('cloudtrail.amazonaws.com'), 'kms:DescribeKey', s.target(AUDIT_KEY), 'allowed', 'CloudTrail for this account', { 'aws:SourceAccount': MANAGEMENT }),
    row(s, service('cloudtrail.amazonaws.com'), 'kms:DescribeKey', s.target(AUDIT_KEY), 'denied', 'CloudTrail for another account', { 'aws:SourceAccount': OTHER_ACCOUNT }),
    row(s, service('cloudtrail.amazonaws.com'), 'kms:Decrypt', s.target(AUDIT_KEY), 'denied', 'CloudTrail decrypts (it only encrypts)', { 'aws:SourceAccount': MANAGEMENT }),
    // The trail's CloudWatch Logs role.
    row(s, { role: TRAIL_LOGS }, 'logs:PutLogEvents', `${trailLogs}:log-stream:${MANAGEMENT}_CloudTrail_${R}`, 'allowed', 'writes the trail\'s log group'),
    row(s, { role: TRAIL_LOGS }, 'logs:PutLogEvents', `arn:aws:logs:${R}:${MANAGEMENT}:log-group:other:log-stream:x`, 'denied', 'writes other log groups'),
    row(s, { role: TRAIL_LOGS }, 'logs:DeleteLogGroup', `${trailLogs}:*`, 'denied', 'deletes the trail\'s log group'),
    ...trustRows(s, TRAIL_LOGS, 'cloudtrail.amazonaws.com'),
    // The alarm topics of the CIS alarms.
    ...['ReadinessAlarmRoutingWarningTopic1CB26CDF', 'ReadinessAlarmRoutingCriticalTopic2035A028', 'ReadinessAlarmRoutingInfoTopicEB5737B5']
      .flatMap((t) => topicRows(s, t, 'cloudwatch.amazonaws.com', alarmContext(R))),
    ...keyRows(s, 'ReadinessAlarmRoutingTopicKeyD5889F9F', [{ role: CALLS }, { role: TRAIL_LOGS }]),
  ];
}

/** The security tooling account: organization configuration calls, Config aggregator, findings routing. */
function toolingRows(): MatrixRow[] {
  const s = tooling;
  const calls = { role: CALLS };
  const detector = `arn:aws:guardduty:${R}:${TOOLING}:detector/12abc34d567e8fa901bc2d34e56789f0`;
  const topic = 'ToolingIncidentRoutingTopicF52A2860';
  return [
    row(s, calls, 'guardduty:ListDetectors', '*', 'allowed', 'finds the detector to configure'),
    row(s, calls, 'guardduty:UpdateOrganizationConfiguration', '*', 'allowed', 'auto-enables GuardDuty in member accounts (no resource-level permissions)'),
    row(s, calls, 'inspector2:UpdateOrganizationConfiguration', '*', 'allowed', 'auto-enables Inspector in member accounts'),
    row(s, calls, 'guardduty:DeleteDetector', detector, 'denied', 'deletes the detector'),
    row(s, calls, 'guardduty:DisassociateMembers', '*', 'denied', 'drops member accounts'),
    row(s, calls, 'guardduty:UpdateDetector', detector, 'denied', 'changes (or disables) the detector'),
    row(s, calls, 'inspector2:Disable', '*', 'denied', 'turns Inspector off'),
    row(s, calls, 'securityhub:DisableSecurityHub', `arn:aws:securityhub:${R}:${TOOLING}:hub/default`, 'denied', 'turns Security Hub off'),
    row(s, calls, 'organizations:RegisterDelegatedAdministrator', `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/333333333333`, 'denied', 'delegates anything',
      { 'organizations:ServicePrincipal': 'guardduty.amazonaws.com' }),
    row(s, calls, 'iam:PassRole', s.target(AGGREGATOR), 'denied', 'passes the aggregator role'),
    ...trustRows(s, CALLS, 'lambda.amazonaws.com'),
    // The Config aggregator's role holds only AWS's managed policy for organizations.
    ...trustRows(s, AGGREGATOR, 'config.amazonaws.com'),
    row(s, { role: AGGREGATOR }, 'kms:Decrypt', s.target('ToolingIncidentRoutingTopicKeyD93BB2F7'), 'denied', 'none of our grants (AWS\'s managed policy is not ours to evaluate)'),
    // Findings routing: the topic, its key, the dead-letter queue.
    ...topicRows(s, topic, 'events.amazonaws.com'),
    row(s, adminOf(TOOLING), 'sns:Publish', s.target(topic), 'allowed', 'an administrator of the tooling account (IAM), over TLS'),
    ...keyRows(s, 'ToolingIncidentRoutingTopicKeyD93BB2F7', [calls]),
    row(s, adminOf(MANAGEMENT), 'kms:Decrypt', s.target('ToolingIncidentRoutingTopicKeyD93BB2F7'), 'denied', 'the management account'),
    ...deadLetterQueueRows(s, 'ToolingIncidentRoutingDeliveryDlq77500087'),
    // The organization alert bus: accounts of the organization put events on it, nobody else, nothing else.
    ...alertBusRows(s),
    // The copies of the member template's asset into the StackSet asset buckets (same singleton role).
    row(s, calls, 's3:GetObject', `arn:aws:s3:::cdk-hnb659fds-assets-${TOOLING}-${R}/${ASSET_KEY}`, 'allowed', 'reads the asset this app published'),
    row(s, calls, 's3:GetObject', `arn:aws:s3:::cdk-hnb659fds-assets-${TOOLING}-${R}/other.zip`, 'denied', 'reads any other object of the bootstrap bucket'),
    ...['eu-west-1', 'eu-central-1'].map((region) =>
      row(s, calls, 's3:PutObject', `arn:aws:s3:::integ-stackset-assets-${region}/${ASSET_KEY}`, 'allowed', `writes the asset's copy in ${region}`)),
    row(s, calls, 's3:PutObject', 'arn:aws:s3:::integ-stackset-assets-eu-central-1/other.zip', 'denied', 'writes another object of the asset bucket'),
    row(s, calls, 's3:DeleteObject', `arn:aws:s3:::integ-stackset-assets-eu-central-1/${ASSET_KEY}`, 'denied', 'deletes a copy (stack instances still read it)'),
  ];
}

/** The organization alert bus of the tooling account and the dead-letter queue of its rules. */
function alertBusRows(s: StackModel): MatrixRow[] {
  const bus = s.target(ALERT_BUS);
  const org = { 'aws:PrincipalOrgID': ORG };
  return [
    row(s, outsider, 'events:PutEvents', bus, 'allowed', 'a member account of the organization (its forwarding rule\'s role) puts its alerts', org),
    row(s, outsider, 'events:PutEvents', bus, 'denied', 'an account of another organization', { 'aws:PrincipalOrgID': 'o-otherorg0001' }),
    row(s, outsider, 'events:PutEvents', bus, 'denied', 'an account outside any organization'),
    row(s, outsider, 'events:PutRule', `arn:aws:events:${R}:${TOOLING}:rule/${ALERT_BUS_NAME}/any`, 'denied', 'a member account adds a rule on the bus', org),
    row(s, outsider, 'events:DeleteEventBus', bus, 'denied', 'a member account deletes the bus', org),
    ...deadLetterQueueRows(s, 'AlertBusDeliveryDlq6DAA423F'),
  ];
}

/** The StackSet asset bucket of a region: every account of the organization reads, nobody else; nothing but reads. */
function assetBucketRows(s: StackModel, region: string): MatrixRow[] {
  const bucket = s.target(ASSET_BUCKET);
  const org = { 'aws:PrincipalOrgID': ORG };
  return [
    row(s, outsider, 's3:GetObject', `${bucket}/${ASSET_KEY}`, 'allowed', 'a member account of the organization (CloudFormation creating the function) reads the code', org),
    row(s, outsider, 's3:GetObject', `${bucket}/${ASSET_KEY}`, 'denied', 'an account of another organization', { 'aws:PrincipalOrgID': 'o-otherorg0001' }),
    row(s, outsider, 's3:PutObject', `${bucket}/${ASSET_KEY}`, 'denied', 'a member account replaces the code every account runs', org),
    row(s, outsider, 's3:DeleteObject', `${bucket}/${ASSET_KEY}`, 'denied', 'a member account deletes the code', org),
    row(s, outsider, 's3:ListBucket', bucket, 'denied', 'a member account lists the bucket', org),
    row(s, outsider, 's3:GetObject', `${bucket}/${ASSET_KEY}`, 'denied', 'a member account without TLS', { ...org, 'aws:SecureTransport': 'false' }),
    ...bucketRows(s, ASSET_BUCKET),
    ...bucketRows(s, 'AssetBucketAccessLogs55232102'),
    row(s, service('logging.s3.amazonaws.com'), 's3:PutObject', `${s.target('AssetBucketAccessLogs55232102')}/integ-stackset-assets-${region}/x`, 'allowed',
      'S3 server access logs of the asset bucket', { 'aws:SourceArn': bucket, 'aws:SourceAccount': TOOLING }),
  ];
}

/** The StackSet's member template: the integ app's topic; the role that forwards alerts to the organization alert bus. */
function memberRows(): MatrixRow[] {
  const s = member;
  const forward = { role: FORWARD_ROLE };
  return [
    row(s, forward, 'events:PutEvents', `arn:aws:events:${R}:${s.account}:event-bus/default`, 'denied', 'puts events on the account\'s own bus (loops)'),
    row(s, forward, 'events:PutRule', `arn:aws:events:${R}:${TOOLING}:rule/${ALERT_BUS_NAME}/any`, 'denied', 'adds a rule on the central bus'),
    row(s, forward, 'iam:PassRole', s.target(FORWARD_ROLE), 'denied', 'passes roles'),
    ...trustRows(s, FORWARD_ROLE, 'events.amazonaws.com', { 'aws:SourceAccount': s.account }),
    ...deadLetterQueueRows(s, 'ForwardAlertsDeliveryDlq12448AE6'),
    row(s, adminOf(s.account), 'sns:Publish', s.target('Alerts91F83244'), 'denied', 'without TLS, in every member account', { 'aws:SecureTransport': 'false' }),
    row(s, outsider, 'sns:Publish', s.target('Alerts91F83244'), 'denied', 'another account'),
  ];
}

permissionMatrix('Organization (OrganizationBaseline, SecurityToolingBaseline, OrganizationBackupPolicy, StackSetRollout)', TEMPLATES, [
  ...managementRows(),
  ...toolingRows(),
  ...memberRows(),
  ...assetBucketRows(assetsCentral, 'eu-central-1'),
  ...assetBucketRows(assetsWest, R),
]);

describe('Organization: what the StackSet itself may do', () => {
  const stackSet = Object.values<any>(tooling.resources).find((r) => r.Type === 'AWS::CloudFormation::StackSet');

  test('the member template reads its asset from the asset bucket of its region, under the key the copies write', () => {
    const layer = Object.values<any>(member.resources).find((r) => r.Type === 'AWS::Lambda::LayerVersion');
    expect(layer.Properties.Content).toEqual({ S3Bucket: { 'Fn::Sub': 'integ-stackset-assets-${AWS::Region}' }, S3Key: ASSET_KEY });
  });

  test('service-managed: CloudFormation\'s own service-linked roles deploy it, no administration or execution role of ours', () => {
    expect(stackSet.Properties.PermissionModel).toBe('SERVICE_MANAGED');
    expect(stackSet.Properties.AdministrationRoleARN).toBeUndefined();
    expect(stackSet.Properties.ExecutionRoleName).toBeUndefined();
  });

  test('the member template declares no IAM role, policy or user beyond the alert forwarding role and its policy', () => {
    const iamTypes = Object.entries<any>(member.resources).filter(([, r]) => r.Type.startsWith('AWS::IAM::')).map(([id, r]) => `${r.Type} ${id}`);
    expect(iamTypes.sort()).toEqual([`AWS::IAM::ManagedPolicy ${FORWARD_POLICY}`, `AWS::IAM::Role ${FORWARD_ROLE}`]);
    expect(member.roles.map((r) => r.logicalId)).toEqual([FORWARD_ROLE]);
  });

  test('a member account\'s forwarding role puts events on the central bus: its own policy and the bus\'s policy (same organization) both allow it', async () => {
    // The request crosses accounts: the role's policies (member template) meet the bus's policy (tooling template).
    const across = { ...member, resourcePolicies: tooling.resourcePolicies };
    const centralBus = `arn:aws:events:${R}:${TOOLING}:event-bus/${ALERT_BUS_NAME}`;
    const put = (resource: string, orgId: string) => decide(across, { who: { role: FORWARD_ROLE }, action: 'events:PutEvents', resource, context: { 'aws:PrincipalOrgID': orgId } });
    expect((await put(centralBus, ORG)).decision).toBe('Allowed');
    expect((await put(centralBus, 'o-otherorg0001')).decision).not.toBe('Allowed');
    expect((await decide(across, { who: { role: FORWARD_ROLE }, action: 'events:PutRule', resource: `arn:aws:events:${R}:${TOOLING}:rule/${ALERT_BUS_NAME}/any`, context: { 'aws:PrincipalOrgID': ORG } })).decision)
      .not.toBe('Allowed');
  });

  test('the backup policy is an organization policy (no IAM principal of ours is created for it)', () => {
    expect(Object.values<any>(management.resources).filter((r) => r.Type === 'AWS::Organizations::Policy').map((r) => r.Properties.Type)).toEqual(['BACKUP_POLICY']);
  });
});
