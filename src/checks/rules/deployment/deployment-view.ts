import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { isTrue, referrersOf } from '../reliability/reliability-view';

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
