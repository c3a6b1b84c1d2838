import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DelegatedAdminFunction } from './delegated-admin-function';
import { ReadinessProfile } from '../../profile';
import { acknowledgeCustomResourceHandler } from '../../shared/handler-acknowledgements';

/** The CloudFormation type of the delegated-administrator resources. */
export const DELEGATED_ADMIN_TYPE = 'Custom::ReadinessDelegatedAdmin';

/** The trusted-access principal of GuardDuty's Malware Protection for EC2. */
const MALWARE_PROTECTION = 'malware-protection.guardduty.amazonaws.com';

export interface DelegatedAdminOptions {
  /** The account made delegated administrator. */
  readonly adminAccountId: string;
  /** The organization (`o-...`), to scope the registration to its account ARN. */
  readonly organizationId: string;
  /** The key of the handler's log group. */
  readonly logKey: kms.IKey;
}

/**
 * GuardDuty's and Amazon Inspector's delegated administrator, set by one handler that reads the
 * current delegation first and enables it only where none is (`delegated-admin.lambda.ts`): no
 * error of the enable call is ignored. Delete does nothing (documented on OrganizationBaseline).
 */
export function delegatedAdministrators(scope: Construct, options: DelegatedAdminOptions): CustomResource[] {
  const stack = Stack.of(scope);
  const admin = options.adminAccountId;
  const logGroup = new logs.LogGroup(scope, 'DelegatedAdminLogs', {
    retention: ReadinessProfile.of(scope).logRetentionDays as logs.RetentionDays,
    encryptionKey: options.logKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const toolingAccount = stack.formatArn({ service: 'organizations', region: '', resource: 'account', resourceName: `${options.organizationId}/${admin}` });
  const principals = ['guardduty.amazonaws.com', 'inspector2.amazonaws.com'];
  const role = new iam.Role(scope, 'DelegatedAdminRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Makes the security tooling account the delegated administrator of GuardDuty and Amazon Inspector (cdk-readiness OrganizationBaseline)',
  });
  const policy = new iam.ManagedPolicy(scope, 'DelegatedAdminPolicy', {
    description: 'Delegated-administrator handler: reads and sets the delegation of GuardDuty and Inspector, and writes its log group',
    statements: [
      new iam.PolicyStatement({
        sid: 'Delegations',
        actions: [
          'guardduty:ListOrganizationAdminAccounts', 'guardduty:EnableOrganizationAdminAccount',
          'inspector2:ListDelegatedAdminAccounts', 'inspector2:EnableDelegatedAdminAccount',
          'organizations:ListDelegatedAdministrators', 'organizations:ListAWSServiceAccessForOrganization', 'organizations:DescribeOrganization',
          // Read-only: listed by the GuardDuty and Inspector guides for designating a delegated administrator.
          'organizations:DescribeOrganizationalUnit', 'organizations:DescribeAccount', 'organizations:ListAccounts',
        ],
        resources: ['*'],
      }),
      // The enable calls register the tooling account, for their own service only, and turn on the organization access of that service.
      new iam.PolicyStatement({
        sid: 'RegisterToolingAccount',
        actions: ['organizations:RegisterDelegatedAdministrator'],
        resources: [toolingAccount],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': principals } },
      }),
      // GuardDuty's Malware Protection for EC2 has a trusted-access principal of its own, which the
      // management account enables for a delegated administrator that is another account (GuardDuty
      // User Guide, "Establishing trusted access to enable GuardDuty-initiated malware scan").
      new iam.PolicyStatement({
        sid: 'ServiceAccess',
        actions: ['organizations:EnableAWSServiceAccess'],
        resources: ['*'],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': [...principals, MALWARE_PROTECTION] } },
      }),
      new iam.PolicyStatement({
        sid: 'InspectorServiceLinkedRole',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2' })],
        conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
      }),
      new iam.PolicyStatement({
        sid: 'Logs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroup.logGroupArn}:*`],
      }),
    ],
  });
  role.addManagedPolicy(policy);
  const fn = new DelegatedAdminFunction(scope, 'DelegatedAdminHandler', {
    role,
    logGroup,
    timeout: Duration.minutes(5),
    memorySize: 256,
    description: 'cdk-readiness: makes the security tooling account the delegated administrator of GuardDuty and Inspector, when none is',
  });
  fn.node.addDependency(policy);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'The GuardDuty, Inspector and Organizations list and enable calls act on the organization and support no resource-level permissions (the Service Authorization Reference lists no resource type for them); organizations:DescribeAccount and DescribeOrganizationalUnit, read-only calls the GuardDuty and Inspector guides list for designating a delegated administrator, describe whichever account or OU of the organization the service looks up, and change nothing; organizations:EnableAWSServiceAccess is narrowed by its service principal condition.',
  });
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:*]`,
    reason: 'The log streams of the handler\'s own log group, which Lambda names per execution environment.',
  });
  acknowledgeCustomResourceHandler(fn, {
    concurrency: 'Invoked by CloudFormation once per deployment event of the delegations; there is nothing to throttle.',
    dlq: 'CloudFormation waits for the handler\'s own answer on the response URL and the handler answers FAILED on every error: there is no asynchronous event to keep.',
    vpc: 'The handler calls only the GuardDuty, Inspector and Organizations APIs over AWS endpoints; it reads no workload data and needs no network of ours.',
  });
  const resource = (id: string, service: string) => {
    const r = new CustomResource(scope, id, {
      serviceToken: fn.functionArn,
      resourceType: DELEGATED_ADMIN_TYPE,
      properties: { service, adminAccountId: admin },
      serviceTimeout: Duration.minutes(6),
    });
    // The delegation is the organization's: removing the resource leaves it (see OrganizationBaseline).
    r.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return r;
  };
  return [resource('GuardDutyAdministrator', 'guardduty'), resource('InspectorAdministrator', 'inspector2')];
}
