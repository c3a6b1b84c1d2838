import { Annotations, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { ServiceMonitoring } from '../monitoring';
import { alarmsOf, fixedNames, monitoredBy } from './private/deployment-alarms';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'EcsDeploymentSafety';

/**
 * The alarms of ServiceMonitoring that stop and roll back an ECS deployment: the target groups'
 * 5XX rate and "no healthy hosts", and the service's "no running tasks".
 */
const ECS_DEPLOYMENT_ALARM_IDS = ['TargetGroup5xxRate', 'TargetGroupNoHealthyHosts', 'EcsNoRunningTasks'];

/**
 * Props of EcsDeploymentSafety.
 */
export interface EcsDeploymentSafetyProps {
  /**
   * The service: an `ecs.FargateService` or `ecs.Ec2Service` (for an `ecs_patterns` service, its
   * `.service`), on the ECS (rolling) deployment controller.
   */
  readonly service: ecs.BaseService;

  /**
   * The ServiceMonitoring whose alarms stop a deployment. The service and the target groups it is
   * registered in are monitored by it now if they are not yet.
   *
   * @default - a ServiceMonitoring of this construct (id `Monitoring`, no dashboard) that monitors
   * the service and its target groups
   */
  readonly monitoring?: ServiceMonitoring;

  /**
   * Roll back when an alarm fires during the deployment (and the bake time ECS adds after it), on
   * top of the circuit breaker. `false` keeps only the circuit breaker.
   *
   * @default true
   */
  readonly deploymentAlarms?: boolean;
}

/**
 * A rolling ECS deployment that stops and rolls back by itself (rules Readiness-DEP1 to DEP3):
 * the deployment circuit breaker with rollback, plus the service's critical alarms from
 * ServiceMonitoring (target 5XX rate, no healthy hosts, no running tasks) as deployment alarms
 * with `ROLLBACK_ON_ALARM`. The service's other deployment settings are kept.
 *
 * @throws if the service uses the CODE_DEPLOY or EXTERNAL deployment controller, or lets a
 * deployment drop below 100 % of its tasks (`minHealthyPercent` < 100)
 */
export class EcsDeploymentSafety extends Construct {
  /** The alarms that roll a deployment back (empty with `deploymentAlarms: false`). */
  public readonly deploymentAlarms: cloudwatch.IAlarm[];
  /** The ServiceMonitoring the alarms come from. */
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: EcsDeploymentSafetyProps) {
    super(scope, id);
    const service = props.service;
    const cfn = service.node.defaultChild as ecs.CfnService;
    const stack = Stack.of(service);
    const resolved = (v: unknown) => stack.resolve(v);

    const controller = resolved(cfn.deploymentController)?.type ?? 'ECS';
    if (controller !== 'ECS') {
      invalidProp(this, CONSTRUCT, 'service (deployment controller)', controller,
        'ECS rejects deployment alarms and the circuit breaker on services it does not deploy itself (rule Readiness-DEP2). ' +
        'For CODE_DEPLOY, give the service a codedeploy.EcsDeploymentGroup with autoRollback (failedDeployment, deploymentInAlarm) and alarms; ' +
        'or create the service with the ECS controller (the default).');
    }
    const config = resolved(cfn.deploymentConfiguration) ?? {};
    const daemon = resolved(cfn.schedulingStrategy) === 'DAEMON';
    const min = config.minimumHealthyPercent;
    if (!daemon && typeof min === 'number' && min < 100) {
      invalidProp(this, CONSTRUCT, 'service minHealthyPercent', min,
        'A deployment would stop tasks before their replacements are healthy (rule Readiness-DEP3). Create the service with `minHealthyPercent: 100` ' +
        '(and `maxHealthyPercent: 200`, the default, so ECS starts the new tasks first). This construct does not change it for you: it changes how much capacity a deployment needs.');
    }

    // The L2 takes the circuit breaker only in its constructor: set it on the L1. An override is
    // merged into the rendered DeploymentConfiguration, so the other values are kept.
    cfn.addPropertyOverride('DeploymentConfiguration.DeploymentCircuitBreaker', { Enable: true, Rollback: true });
    // What aws-cdk-lib writes with `circuitBreaker`: a service moved from that prop to this construct keeps its template.
    if (cfn.deploymentController === undefined) cfn.deploymentController = { type: ecs.DeploymentControllerType.ECS };
    Annotations.of(service).acknowledgeWarning('@aws-cdk/aws-ecs:shouldUseCircuitBreaker', `The circuit breaker is turned on by ${CONSTRUCT} ${this.node.path}.`);

    this.monitoring = props.monitoring ?? new ServiceMonitoring(this, 'Monitoring', { serviceName: service.node.id, dashboard: false });
    this.deploymentAlarms = [];
    if (props.deploymentAlarms ?? true) {
      const monitored = [service, ...targetGroupsOf(service, cfn)].map((r) => monitoredBy(this.monitoring, r));
      const alarms = alarmsOf(monitored, ECS_DEPLOYMENT_ALARM_IDS);
      if (alarms.length === 0) {
        invalidProp(this, CONSTRUCT, 'monitoring', this.monitoring.node.path,
          `It made none of the alarms ${ECS_DEPLOYMENT_ALARM_IDS.join(', ')} for the service (disabled by alarmOverrides, or no Container Insights and no load balancer): ` +
          'enable one of them, or set deploymentAlarms: false to rely on the circuit breaker alone.');
      }
      service.enableDeploymentAlarms(fixedNames(alarms), { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
      this.deploymentAlarms = alarms;
    }
  }
}

/** The target groups the service is registered in, found through the L1's LoadBalancers. */
function targetGroupsOf(service: ecs.BaseService, cfn: ecs.CfnService): IConstruct[] {
  const stack = Stack.of(service);
  const refs = new Set<string>();
  for (const lb of stack.resolve(cfn.loadBalancers) ?? []) {
    const ref = lb?.targetGroupArn?.Ref;
    if (typeof ref === 'string') refs.add(ref);
  }
  if (refs.size === 0) return [];
  return stack.node.findAll().filter((c) => c instanceof elbv2.CfnTargetGroup && refs.has(stack.resolve(c.ref)?.Ref));
}
