import { AppIndex, asArray, IndexedResource, IndexedStack } from './app-index';
import { isTrue, referrersOf } from './reliability-view';

/** The deployment controller of an ECS service (CloudFormation's default is ECS, the rolling update). */
export function controllerOf(service: IndexedResource): string {
  const type = service.properties.DeploymentController?.Type;
  return typeof type === 'string' ? type : 'ECS';
}

/** Deployment alarms that are on, as the service declares them. */
export function deploymentAlarms(service: IndexedResource): { enabled: boolean; rollback: boolean; names: unknown[] } {
  const alarms = service.properties.DeploymentConfiguration?.Alarms;
  return { enabled: isTrue(alarms?.Enable), rollback: isTrue(alarms?.Rollback), names: asArray(alarms?.AlarmNames) };
}

/** What is wrong with a CodeDeploy deployment group's automatic rollback, if anything. */
export function rollbackGaps(group: IndexedResource): string[] {
  const p = group.properties;
  const gaps: string[] = [];
  const rollback = p.AutoRollbackConfiguration;
  const events = asArray(rollback?.Events);
  if (!isTrue(rollback?.Enabled) || !events.includes('DEPLOYMENT_FAILURE')) gaps.push('it does not roll back automatically when a deployment fails');
  if (!isTrue(rollback?.Enabled) || !events.includes('DEPLOYMENT_STOP_ON_ALARM')) gaps.push('it does not roll back when an alarm stops the deployment');
  if (!isTrue(p.AlarmConfiguration?.Enabled) || asArray(p.AlarmConfiguration?.Alarms).length === 0) gaps.push('no alarm can stop a deployment');
  return gaps;
}

/** CodeDeploy deployment groups that deploy an ECS service (by the service's name). */
export function ecsDeploymentGroups(index: AppIndex, service: IndexedResource): IndexedResource[] {
  return referrersOf(index, 'codedeploy-ecs-service', 'AWS::CodeDeploy::DeploymentGroup', (p) => asArray(p.ECSServices).map((s) => s?.ServiceName)).get(service) ?? [];
}

/**
 * How a Lambda function is reached by what serves traffic (API Gateway integrations, function URLs,
 * ALB target groups): directly, or through an alias (with the aliases named).
 */
export function trafficEntries(index: AppIndex, fn: IndexedResource): { direct: IndexedResource[]; aliases: IndexedResource[] } {
  const entries = index.derived('deployment:traffic-entries', (ix) => {
    const byFunction = new Map<IndexedResource, { direct: IndexedResource[]; aliases: Set<IndexedResource> }>();
    const entryOf = (f: IndexedResource) => {
      let e = byFunction.get(f);
      if (!e) byFunction.set(f, (e = { direct: [], aliases: new Set() }));
      return e;
    };
    const visit = (entry: IndexedResource, value: unknown, qualifier?: unknown) => {
      for (const target of ix.referencedResources(value, entry.stack)) {
        if (target.type === 'AWS::Lambda::Alias') {
          const f = ix.referencedResources(target.properties.FunctionName, target.stack).find((r) => r.type === 'AWS::Lambda::Function');
          if (f) entryOf(f).aliases.add(target);
        } else if (target.type === 'AWS::Lambda::Function') {
          // A function URL with a Qualifier naming an alias is reached through that alias.
          const alias = typeof qualifier === 'string' ? ix.resourcesOfType('AWS::Lambda::Alias').find((a) => a.properties.Name === qualifier
            && ix.referencedResources(a.properties.FunctionName, a.stack).includes(target)) : undefined;
          if (alias) entryOf(target).aliases.add(alias);
          else entryOf(target).direct.push(entry);
        }
      }
    };
    for (const m of ix.resourcesOfType('AWS::ApiGateway::Method')) visit(m, m.properties.Integration?.Uri);
    for (const i of ix.resourcesOfType('AWS::ApiGatewayV2::Integration')) visit(i, i.properties.IntegrationUri);
    for (const u of ix.resourcesOfType('AWS::Lambda::Url')) visit(u, u.properties.TargetFunctionArn, u.properties.Qualifier);
    for (const tg of ix.resourcesOfType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      if (tg.properties.TargetType === 'lambda') visit(tg, asArray(tg.properties.Targets).map((t) => t?.Id));
    }
    return byFunction;
  });
  const e = entries.get(fn);
  return { direct: e?.direct ?? [], aliases: [...(e?.aliases ?? [])] };
}

/** How an ECS service rolls back. */
export interface EcsServiceDeployment {
  readonly service: IndexedResource;
  readonly controller: string;
  readonly breaker: boolean;
  readonly breakerRollback: boolean;
  readonly alarms: IndexedResource[];
}

/** How a stack's deployable resources roll back, and which alarms should stop a stack update. */
export interface DeploymentFacts {
  readonly ecsServices: ReadonlyArray<EcsServiceDeployment>;
  readonly deploymentGroups: ReadonlyArray<{
    readonly group: IndexedResource; readonly config?: string; readonly gaps: string[]; readonly alarms: IndexedResource[];
  }>;
  readonly aliases: ReadonlyArray<{ readonly alias: IndexedResource; readonly fn?: IndexedResource; readonly group?: IndexedResource }>;
  readonly autoScalingGroups: ReadonlyArray<{ readonly group: IndexedResource; readonly update: 'rolling-with-signals' | 'rolling' | 'replacing' | 'none' }>;
  /** At most five alarms (CloudFormation's limit), composite alarms first, then deployment alarms. */
  readonly rollbackTriggers: IndexedResource[];
}

/** CloudFormation monitors at most five rollback triggers per stack. */
export const MAX_ROLLBACK_TRIGGERS = 5;

/** Minutes CloudFormation keeps watching the rollback triggers after an update's last resource. */
export const ROLLBACK_MONITORING_MINUTES = 15;

const ALARM_TYPES = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']);

/** Alarms a list of names refers to: by reference, or by the literal AlarmName of an alarm of the app. */
function alarmsNamed(index: AppIndex, from: IndexedResource, names: unknown[]): IndexedResource[] {
  const out: IndexedResource[] = [];
  for (const n of names) {
    const byRef = index.referencedResources(n, from.stack).filter((r) => ALARM_TYPES.has(r.type));
    const byName = typeof n === 'string' ? index.resourcesNamed(n).filter((r) => ALARM_TYPES.has(r.type)) : [];
    for (const a of [...byRef, ...byName]) if (!out.includes(a)) out.push(a);
  }
  return out;
}

/** The deployment facts of one stack (for its runbook and its report entry). */
export function deploymentFacts(index: AppIndex, stack: IndexedStack): DeploymentFacts {
  const of = (type: string) => stack.resources.filter((r) => r.type === type);
  const ecsServices = of('AWS::ECS::Service').map((service) => {
    const breaker = service.properties.DeploymentConfiguration?.DeploymentCircuitBreaker;
    return {
      service,
      controller: controllerOf(service),
      breaker: isTrue(breaker?.Enable),
      breakerRollback: isTrue(breaker?.Rollback),
      alarms: alarmsNamed(index, service, deploymentAlarms(service).names),
    };
  });
  const deploymentGroups = of('AWS::CodeDeploy::DeploymentGroup').map((group) => ({
    group,
    config: typeof group.properties.DeploymentConfigName === 'string' ? group.properties.DeploymentConfigName : undefined,
    gaps: rollbackGaps(group),
    alarms: alarmsNamed(index, group, asArray(group.properties.AlarmConfiguration?.Alarms).map((a) => a?.Name)),
  }));
  const aliases = of('AWS::Lambda::Alias').map((alias) => ({
    alias,
    fn: index.referencedResources(alias.properties.FunctionName, alias.stack).find((r) => r.type === 'AWS::Lambda::Function'),
    group: index.referencedResources(alias.updatePolicy?.CodeDeployLambdaAliasUpdate?.DeploymentGroupName, alias.stack)
      .find((r) => r.type === 'AWS::CodeDeploy::DeploymentGroup'),
  }));
  const autoScalingGroups = of('AWS::AutoScaling::AutoScalingGroup').map((group) => {
    const policy = group.updatePolicy ?? {};
    const update: 'rolling-with-signals' | 'rolling' | 'replacing' | 'none' = isTrue(policy.AutoScalingReplacingUpdate?.WillReplace) ? 'replacing'
      : policy.AutoScalingRollingUpdate ? (isTrue(policy.AutoScalingRollingUpdate.WaitOnResourceSignals) ? 'rolling-with-signals' : 'rolling') : 'none';
    return { group, update };
  });
  const deployable = ecsServices.length + deploymentGroups.length + aliases.length + autoScalingGroups.length > 0;
  const triggers: IndexedResource[] = [];
  if (deployable) {
    const candidates = [
      ...of('AWS::CloudWatch::CompositeAlarm'),
      ...ecsServices.flatMap((s) => s.alarms),
      ...deploymentGroups.flatMap((g) => g.alarms),
    ].filter((a) => a.stack === stack);
    for (const a of candidates) if (!triggers.includes(a) && triggers.length < MAX_ROLLBACK_TRIGGERS) triggers.push(a);
  }
  return { ecsServices, deploymentGroups, aliases, autoScalingGroups, rollbackTriggers: triggers };
}
