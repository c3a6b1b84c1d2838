import { CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AlarmRouting, AlarmSeverity } from '../monitoring/alarm-routing';
import { ReadinessProfile } from '../profile';
import { acknowledgeCustomResourceHandler } from '../shared/handler-acknowledgements';
import { invalidProp } from '../shared/validation';
import { acknowledgeWildcards, logsKey } from './private/helpers';
import { InspectorEnablementFunction } from './private/inspector-enablement-function';
import { InspectorRemovalBehavior, InspectorScanType } from './security-baseline-options';

/** The CloudFormation type of the custom resource (rule Readiness-SEC4 recognizes it). */
const INSPECTOR_ENABLEMENT_TYPE = 'Custom::ReadinessInspectorEnablement';
const CONSTRUCT = 'InspectorEnablement';
const SCAN_TYPES = Object.values(InspectorScanType) as string[];

/**
 * Props of InspectorEnablement.
 */
export interface InspectorEnablementProps {
  /**
   * The scan types to enable.
   *
   * @default - EC2, ECR and LAMBDA
   */
  readonly scanTypes?: InspectorScanType[];

  /**
   * What removing the resource does to Inspector.
   *
   * @default InspectorRemovalBehavior.RESTORE - disable only the scan types this resource enabled
   */
  readonly removalBehavior?: InspectorRemovalBehavior;

  /**
   * Customer managed key of the handler's log group. Its key policy must let CloudWatch Logs of
   * this region use it.
   *
   * @default - a new key with rotation, retained on delete
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * The routing the handler's error alarm goes through.
   *
   * @default - `AlarmRouting.of(this)`, the stack's shared routing
   */
  readonly alarmRouting?: AlarmRouting;
}

/**
 * Amazon Inspector (v2) enablement for this account and region. CloudFormation has no resource
 * for it, so a custom resource calls `inspector2:Enable`, waits until every scan type is
 * ENABLED, and records in Parameter Store (`/cdk-readiness/inspector2-enablement/`) the scan types
 * it turned on itself. It is idempotent: scan types that are already on are left alone and not
 * recorded. On delete (and when an update drops a scan type) it disables only what it turned on,
 * so Inspector is left as it was found, unless `removalBehavior` is `RETAIN`. A scan type another
 * enablement of the account and region still asks for (after a logical id change, or in another
 * stack) is handed over to that one's record instead of being disabled.
 *
 * Use it where the account manages Inspector itself; where the organization's delegated
 * administrator does, declare Inspector as provided instead (a member account cannot change it).
 */
export class InspectorEnablement extends Construct {
  /** The scan types requested. */
  public readonly scanTypes: InspectorScanType[];
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: InspectorEnablementProps = {}) {
    super(scope, id);
    const scanTypes = props.scanTypes ?? [InspectorScanType.EC2, InspectorScanType.ECR, InspectorScanType.LAMBDA];
    if (!Array.isArray(scanTypes) || scanTypes.length === 0) {
      invalidProp(this, CONSTRUCT, 'scanTypes', props.scanTypes, `List at least one of InspectorScanType: ${SCAN_TYPES.join(', ')}.`);
    }
    for (const t of scanTypes) {
      if (!SCAN_TYPES.includes(t)) invalidProp(this, CONSTRUCT, 'scanTypes', t, `Use InspectorScanType: ${SCAN_TYPES.join(', ')}.`);
    }
    if (scanTypes.includes(InspectorScanType.LAMBDA_CODE) && !scanTypes.includes(InspectorScanType.LAMBDA)) {
      invalidProp(this, CONSTRUCT, 'scanTypes', scanTypes, 'Lambda code scanning (LAMBDA_CODE) needs Lambda standard scanning: add InspectorScanType.LAMBDA.');
    }
    const removal = props.removalBehavior ?? InspectorRemovalBehavior.RESTORE;
    if (!Object.values(InspectorRemovalBehavior).includes(removal)) {
      invalidProp(this, CONSTRUCT, 'removalBehavior', removal, `Use InspectorRemovalBehavior: ${Object.values(InspectorRemovalBehavior).join(', ')}.`);
    }
    this.scanTypes = [...new Set(scanTypes)].sort();

    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: ReadinessProfile.of(this).logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logEncryptionKey ?? logsKey(this),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Enables and disables Amazon Inspector scan types for the cdk-readiness InspectorEnablement',
    });
    const recordPath = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter/cdk-readiness/inspector2-enablement`;
    const policy = new iam.ManagedPolicy(this, 'HandlerPolicy', {
      description: 'Inspector enablement handler: the Inspector calls it makes, its Parameter Store records and its log group',
      statements: [
        new iam.PolicyStatement({
          sid: 'Inspector',
          actions: ['inspector2:Enable', 'inspector2:Disable', 'inspector2:BatchGetAccountStatus'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'InspectorServiceLinkedRoles',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`,
            `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/agentless.inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2Agentless`,
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': ['inspector2.amazonaws.com', 'agentless.inspector2.amazonaws.com'] } },
        }),
        new iam.PolicyStatement({
          sid: 'EnablementRecords',
          actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
          resources: [`${recordPath}/*`],
        }),
        // The records of the account's other enablements: a scan type one of them asks for is handed
        // over to it instead of being turned off.
        new iam.PolicyStatement({
          sid: 'OtherEnablementRecords',
          actions: ['ssm:GetParametersByPath'],
          resources: [recordPath],
        }),
        new iam.PolicyStatement({
          sid: 'Logs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroup.logGroupArn}:*`],
        }),
      ],
    });
    role.addManagedPolicy(policy);

    const fn = new InspectorEnablementFunction(this, 'Handler', {
      role,
      logGroup,
      timeout: Duration.minutes(14),
      memorySize: 256,
      description: 'cdk-readiness: enables Amazon Inspector scan types and restores them on delete',
    });
    fn.node.addDependency(policy);
    const why = {
      concurrency: 'A custom resource handler runs once per stack create, update or delete; reserved concurrency would only fail the deployment in accounts with the default concurrency quota of 10.',
      dlq: 'CloudFormation waits for the handler\'s own answer on the response URL and the handler answers FAILED on every error; a dead-letter queue would hold events no one replays.',
      vpc: 'The handler calls only the Inspector and Systems Manager APIs, reached over AWS endpoints; it reads no data of the workload and needs no network of it.',
    };
    acknowledgeWildcards(policy, {
      '*': 'inspector2:Enable, Disable and BatchGetAccountStatus act on the account and support no resource-level permissions (the Service Authorization Reference lists no resource type for them).',
      // cdk-nag renders the partition as written: `aws` with @aws-cdk/core:enablePartitionLiterals, a token otherwise.
      [`arn:${Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition}:ssm:${stack.region}:${stack.account}:parameter/cdk-readiness/inspector2-enablement/*`]: 'The handler\'s own record path: one parameter per InspectorEnablement of the account, named after its stack and logical id; the handler writes into another one only to hand over a scan type that enablement asks for.',
      [`<${stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:*`]: 'The log streams of the handler\'s own log group, which Lambda names per execution environment.',
    });
    acknowledgeCustomResourceHandler(fn, why);

    const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'HandlerErrors', {
      alarmDescription: 'The Inspector enablement handler failed: the stack create, update or delete that invoked it failed or rolled back. ' +
        'Runbook: read the handler\'s log group for the Inspector error (ACCESS_DENIED in a member account means the delegated administrator manages Inspector: declare it provided), fix the cause and redeploy.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    (props.alarmRouting ?? AlarmRouting.of(this)).route(errors, AlarmSeverity.WARNING);

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: fn.functionArn,
      // The handler answers before its 14-minute timeout; a handler that dies without answering
      // (a crash at start-up) fails the deployment after 15 minutes instead of CloudFormation's hour.
      serviceTimeout: Duration.minutes(15),
      resourceType: INSPECTOR_ENABLEMENT_TYPE,
      properties: { ScanTypes: this.scanTypes, RemovalBehavior: removal },
    });
    // Deleting the role's policy before the resource would leave the delete without permissions.
    this.resource.node.addDependency(policy);
  }
}
