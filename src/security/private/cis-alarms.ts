import { AlarmSeverity } from '../../monitoring/alarm-routing';

/** One CIS AWS Foundations Benchmark (section 4, Monitoring) metric filter and its alarm. */
export interface CisAlarmSpec {
  /** Construct id and metric name. */
  readonly id: string;
  /** The CIS recommendation (v1.4.0 / v3.0.0 numbering) and Security Hub control. */
  readonly control: string;
  /** What the alarm means. */
  readonly meaning: string;
  /** CloudWatch Logs filter pattern on CloudTrail events. */
  readonly pattern: string;
  readonly severity: AlarmSeverity;
  /** Events in five minutes that raise the alarm. */
  readonly threshold: number;
  /** The first checks of the responder. */
  readonly checks: string;
}

const anyEvent = (names: string[]) => names.map((n) => `($.eventName = ${n})`).join(' || ');

/** The benchmark's metric filters, in its order (4.1 to 4.15). */
export const CIS_ALARMS: readonly CisAlarmSpec[] = [
  {
    id: 'UnauthorizedApiCalls',
    control: 'CIS 4.1 / CloudWatch.2',
    meaning: 'API calls were refused (UnauthorizedOperation or AccessDenied): a principal probes for permissions it lacks, or a deployment lost one',
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    severity: AlarmSeverity.WARNING,
    threshold: 5,
    checks: 'query the trail log group (Logs Insights: filter errorCode like /Unauthorized|AccessDenied/ | stats count() by userIdentity.arn, eventName) and find the principal; a workload role after a deployment is a missing permission, anything else is treated as reconnaissance',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    control: 'CIS 4.2 / CloudWatch.3',
    meaning: 'An IAM user signed in to the console without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    severity: AlarmSeverity.WARNING,
    threshold: 1,
    checks: 'find the user and source IP of the ConsoleLogin event, confirm with the user that it was them, then enforce MFA for the user (or remove console access)',
  },
  {
    id: 'RootAccountUsage',
    control: 'CIS 4.3 / CloudWatch.1',
    meaning: 'The account root user made API or console calls',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    severity: AlarmSeverity.CRITICAL,
    threshold: 1,
    checks: 'confirm with the root credential owner that the use was planned (break-glass ticket); if not, treat it as a compromise: reset the root password, rotate its MFA device and review every event of the session',
  },
  {
    id: 'IamPolicyChanges',
    control: 'CIS 4.4 / CloudWatch.4',
    meaning: 'An IAM policy was created, changed, attached or detached',
    pattern: `{ ${anyEvent(['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'])} }`,
    severity: AlarmSeverity.WARNING,
    threshold: 1,
    checks: 'match the change to a deployment (the principal is the CloudFormation execution role); a change by a person or an unknown role is reviewed and reverted',
  },
  {
    id: 'CloudTrailConfigChanges',
    control: 'CIS 4.5 / CloudWatch.5',
    meaning: 'A CloudTrail trail was created, updated, deleted, started or stopped',
    pattern: `{ ${anyEvent(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }`,
    severity: AlarmSeverity.CRITICAL,
    threshold: 1,
    checks: 'check the trail still logs (IsLogging, multi-region, log file validation); a StopLogging or DeleteTrail outside a deployment is an attempt to hide activity: restore logging first, then investigate the principal',
  },
  {
    id: 'ConsoleAuthenticationFailures',
    control: 'CIS 4.6 / CloudWatch.6',
    meaning: 'Console sign-ins failed',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    severity: AlarmSeverity.WARNING,
    threshold: 3,
    checks: 'group the failed ConsoleLogin events by user and source IP; many users from one IP is password spraying (block the IP, enforce MFA), many failures of one user is a forgotten password or a targeted attack',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    control: 'CIS 4.7 / CloudWatch.7',
    meaning: 'A customer managed KMS key was disabled or scheduled for deletion',
    pattern: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    severity: AlarmSeverity.CRITICAL,
    threshold: 1,
    checks: 'identify the key and what it encrypts; unless the change is planned, cancel the deletion (CancelKeyDeletion) and enable the key again before data encrypted with it becomes unreadable',
  },
  {
    id: 'S3BucketPolicyChanges',
    control: 'CIS 4.8 / CloudWatch.8',
    meaning: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
    pattern: `{ ($.eventSource = s3.amazonaws.com) && (${anyEvent(['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'])}) }`,
    severity: AlarmSeverity.WARNING,
    threshold: 1,
    checks: 'match the change to a deployment; otherwise compare the bucket policy with the template (drift detection) and check the bucket is not public (IAM Access Analyzer)',
  },
  {
    id: 'ConfigChanges',
    control: 'CIS 4.9 / CloudWatch.9',
    meaning: 'The AWS Config recorder or delivery channel was stopped, changed or deleted',
    pattern: `{ ($.eventSource = config.amazonaws.com) && (${anyEvent(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])}) }`,
    severity: AlarmSeverity.CRITICAL,
    threshold: 1,
    checks: 'check the recorder is recording and delivering; stopping it outside a deployment blinds compliance monitoring: start it again, then investigate the principal',
  },
  {
    id: 'SecurityGroupChanges',
    control: 'CIS 4.10 / CloudWatch.10',
    meaning: 'A security group was created, changed or deleted',
    pattern: `{ ${anyEvent(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])} }`,
    severity: AlarmSeverity.INFO,
    threshold: 1,
    checks: 'match the change to a deployment; a rule opened by hand (0.0.0.0/0, admin ports) is reverted and raised with its author',
  },
  {
    id: 'NetworkAclChanges',
    control: 'CIS 4.11 / CloudWatch.11',
    meaning: 'A network ACL or one of its entries changed',
    pattern: `{ ${anyEvent(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])} }`,
    severity: AlarmSeverity.INFO,
    threshold: 1,
    checks: 'match the change to a deployment; otherwise compare the ACL with the template and revert',
  },
  {
    id: 'NetworkGatewayChanges',
    control: 'CIS 4.12 / CloudWatch.12',
    meaning: 'An internet or customer gateway was created, attached, detached or deleted',
    pattern: `{ ${anyEvent(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])} }`,
    severity: AlarmSeverity.INFO,
    threshold: 1,
    checks: 'match the change to a deployment; an unplanned internet gateway opens a path out of the VPC: detach it and investigate',
  },
  {
    id: 'RouteTableChanges',
    control: 'CIS 4.13 / CloudWatch.13',
    meaning: 'A route table or route changed',
    pattern: `{ ${anyEvent(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])} }`,
    severity: AlarmSeverity.INFO,
    threshold: 1,
    checks: 'match the change to a deployment; otherwise check where the new route sends traffic and revert it',
  },
  {
    id: 'VpcChanges',
    control: 'CIS 4.14 / CloudWatch.14',
    meaning: 'A VPC, VPC attribute or peering connection changed',
    pattern: `{ ${anyEvent(['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'])} }`,
    severity: AlarmSeverity.INFO,
    threshold: 1,
    checks: 'match the change to a deployment; an unplanned peering connection links networks: reject or delete it and investigate',
  },
  {
    id: 'OrganizationsChanges',
    control: 'CIS 4.15',
    meaning: 'AWS Organizations changed (accounts, organizational units, policies, handshakes)',
    pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${anyEvent(['AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit'])}) }`,
    severity: AlarmSeverity.WARNING,
    threshold: 1,
    checks: 'confirm the change with the organization administrators; a detached service control policy or an account leaving the organization is reverted first',
  },
];
