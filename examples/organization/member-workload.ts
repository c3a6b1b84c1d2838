// A workload account of the organization (in the OU the baseline covers): its stack runs code and
// holds data, and declares what the organization provides there instead of creating it again:
// GuardDuty, Security Hub, Inspector, the organization trail and finding routing from the
// baselines (OrganizationSecurityCoverage), backups from the organization's backup policy
// (OrganizationBackupCoverage, selected by the policy's tag). The declarations are taken from the
// baselines themselves, so they cannot drift from what the organization deploys.
import { App, ArnFormat, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  BackupRestoreTesting, LambdaDeploymentSafety, OrganizationBackupCoverage, OrganizationBackupPolicy, OrganizationBaseline,
  OrganizationSecurityCoverage, ProtectedResourceType, SecurityBaseline, SecurityToolingBaseline, ServiceMode, ServiceMonitoring,
} from 'cdk-readiness';

export const WORKLOAD_ACCOUNT = '333333333333';

export interface MemberWorkloadProps {
  readonly region: string;
  readonly organizationBaseline: OrganizationBaseline;
  readonly securityTooling: SecurityToolingBaseline;
  readonly backupPolicy: OrganizationBackupPolicy;
  /** The vault the policy's plan writes to in every account (rolled out by the StackSet). */
  readonly backupVaultName: string;
}

export function buildMemberWorkload(app: App, props: MemberWorkloadProps): Stack {
  const stack = new Stack(app, 'OrganizationWorkload', {
    env: { account: WORKLOAD_ACCOUNT, region: props.region },
    terminationProtection: true,
    description: 'A workload account of the organization: its security services and backups are the organization\'s, declared',
  });
  new OrganizationSecurityCoverage(stack, 'OrganizationSecurity', {
    ...props.organizationBaseline.securityCoverage(),
    ...props.securityTooling.securityCoverage(),
  });
  // What the organization does not provide here is the account's own: AWS Config recording (the
  // organization aggregates, it does not record) and IAM Access Analyzer. The baseline creates only
  // those; the services the organization runs are OFF in it (declared above, not created twice).
  const off = { mode: ServiceMode.OFF };
  new SecurityBaseline(stack, 'AccountBaseline', {
    guardDuty: off, securityHub: off, inspector: off, ecrScanning: off, cloudTrail: off, incidentRouting: off,
  });
  new OrganizationBackupCoverage(stack, 'OrganizationBackups', props.backupPolicy.coverageProps());

  const orders = new dynamodb.Table(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    // Encrypted with the account's AWS managed key for DynamoDB (SSESpecification).
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Selected by the organization's backup policy: its plan backs it up and copies it to the DR region.
  Tags.of(orders).add(props.backupPolicy.selectionTagKey, props.backupPolicy.selectionTagValues[0]);
  Validations.of(orders).acknowledge({
    id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
    reason: 'The organization\'s backup policy (OrganizationBackupPolicy, in the management account) selects the table by its tag and copies it to the DR region; the plan is the organization\'s, not in this template, and OrganizationBackupCoverage declares it.',
  });
  // Its recovery points, in the account's vault, are test-restored every week.
  new BackupRestoreTesting(stack, 'RestoreTesting', {
    vaultArns: [stack.formatArn({ service: 'backup', resource: 'backup-vault', resourceName: props.backupVaultName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    resourceTypes: [ProtectedResourceType.DYNAMODB],
  });

  const fn = new lambda.Function(stack, 'Api', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    tracing: lambda.Tracing.ACTIVE,
    logGroup: new logs.LogGroup(stack, 'ApiLogs', { removalPolicy: RemovalPolicy.RETAIN }),
    environment: { TABLE: orders.tableName },
  });
  orders.grantReadWriteData(fn);
  const sample = 'This sample shows the organization\'s declarations: ';
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: 'Pinned to Node.js 22 like every function of the library, so the template does not change when aws-cdk-lib\'s latest runtime moves.' },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${sample}its function reaches only DynamoDB over the AWS endpoint, and a VPC with endpoints would add nothing to what it shows.` },
    { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: `${sample}its function reaches only DynamoDB over the AWS endpoint, and a VPC with endpoints would add nothing to what it shows.` },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'A reserved concurrency would fail the deployment in new accounts of the OU, which start with the default quota of 10 concurrent executions.' },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously (request and response): the caller sees every error, there is no asynchronous event to keep.' },
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'The AWS managed policy only lets the function write its own logs.' },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray\'s PutTraceSegments and PutTelemetryRecords (active tracing) take no resource ARN.' },
    { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The function role\'s policy, made by the grants of the table and X-Ray to this one function, created and deleted with it.' },
  );
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders', runbookUrl: 'https://runbooks.example.com/orders' });
  monitoring.monitorScope(stack);
  new LambdaDeploymentSafety(stack, 'ApiDeployment', { lambdaFunction: fn, monitoring });
  return stack;
}
