import { Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServiceMonitoring } from '../monitoring';
import { alarmsOf, monitoredBy } from './private/deployment-alarms';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'LambdaDeploymentSafety';

/**
 * The alarms of ServiceMonitoring that stop a Lambda traffic shift: the errors rate, the
 * function URL's 5XX rate (when it has one) and the p99 duration. Throttles and concurrency are
 * about capacity, not about the new version, and are left out.
 */
const LAMBDA_DEPLOYMENT_ALARM_IDS = ['LambdaErrorRate', 'LambdaUrl5xxRate', 'LambdaDurationP99'];

/** Alias names Lambda accepts (and that are not a version number). */
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;

/**
 * Props of LambdaDeploymentSafety.
 */
export interface LambdaDeploymentSafetyProps {
  /** The function. Its `currentVersion` is published on every code or configuration change. */
  readonly lambdaFunction: lambda.Function;

  /**
   * Name of the alias that serves traffic: give `alias` (not the function) to API Gateway,
   * function URLs and load balancers (rule Readiness-DEP5).
   *
   * @default 'live'
   */
  readonly aliasName?: string;

  /**
   * How CodeDeploy shifts the alias to a new version (rule Readiness-DEP6): a canary or linear
   * configuration; `ALL_AT_ONCE` is refused.
   *
   * @default codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
   */
  readonly deploymentConfig?: codedeploy.ILambdaDeploymentConfig;

  /**
   * The CodeDeploy application of the deployment group.
   *
   * @default - a new application
   */
  readonly application?: codedeploy.ILambdaApplication;

  /**
   * The ServiceMonitoring whose alarms on the function stop a shift and move traffic back.
   * The function is monitored by it now if it is not yet.
   *
   * @default - a ServiceMonitoring of this construct (id `Monitoring`, no dashboard) that monitors the function
   */
  readonly monitoring?: ServiceMonitoring;
}

/**
 * A Lambda function invoked through an alias that CodeDeploy shifts to each new version
 * gradually (canary by default) and moves back by itself when the deployment fails or one of the
 * function's alarms fires (rules Readiness-DEP4 to DEP6).
 */
export class LambdaDeploymentSafety extends Construct {
  /** The alias that serves traffic: give it, not the function, to what invokes the function. */
  public readonly alias: lambda.Alias;
  /** The CodeDeploy deployment group that shifts the alias. */
  public readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;
  /** The alarms that stop a shift and roll it back. */
  public readonly deploymentAlarms: cloudwatch.IAlarm[];
  /** The ServiceMonitoring the alarms come from. */
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: LambdaDeploymentSafetyProps) {
    super(scope, id);
    const aliasName = props.aliasName ?? 'live';
    if (!Token.isUnresolved(aliasName) && !ALIAS_NAME.test(aliasName)) {
      invalidProp(this, CONSTRUCT, 'aliasName', aliasName, 'Use 1 to 128 letters, digits, - or _, not only digits (a version number), for example "live".');
    }
    const deploymentConfig = props.deploymentConfig ?? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;
    const configName = deploymentConfig.deploymentConfigName;
    if (!Token.isUnresolved(configName) && /AllAtOnce$/.test(configName)) {
      invalidProp(this, CONSTRUCT, 'deploymentConfig', configName,
        'All at once sends every request to the new version before an alarm can tell anything (rule Readiness-DEP6): use a canary or linear configuration, ' +
        'for example codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES.');
    }

    this.monitoring = props.monitoring ?? new ServiceMonitoring(this, 'Monitoring', { serviceName: props.lambdaFunction.node.id, dashboard: false });
    // The function's metrics, not the alias's: ServiceMonitoring watches functions, and the
    // function's dimension counts every version, so a canary that fails all its 10 % shows as a
    // 10 % error rate, above the 5 % threshold, within the 5 minutes of the canary.
    const alarms = alarmsOf([monitoredBy(this.monitoring, props.lambdaFunction)], LAMBDA_DEPLOYMENT_ALARM_IDS);
    if (alarms.length === 0) {
      invalidProp(this, CONSTRUCT, 'monitoring', this.monitoring.node.path,
        `It made none of the alarms ${LAMBDA_DEPLOYMENT_ALARM_IDS.join(', ')} for the function (disabled by alarmOverrides): enable LambdaErrorRate at least.`);
    }
    this.deploymentAlarms = alarms;

    this.alias = new lambda.Alias(this, 'Alias', { aliasName, version: props.lambdaFunction.currentVersion });
    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      alias: this.alias,
      application: props.application,
      deploymentConfig,
      alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    Validations.of(this.deploymentGroup.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason: 'AWSCodeDeployRoleForLambdaLimited is the policy AWS maintains for CodeDeploy\'s Lambda deployments: read and update the alias, read the alarms, ' +
        'invoke hooks named CodeDeployHook_*; nothing else. A hand-written copy breaks deployments when CodeDeploy needs a new call.',
    });
  }
}
