import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { isPlumbing } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { failAll, Failure, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** What aws-cdk-lib's `logRetention` props synthesize: a custom resource setting a service-created log group's retention. */
const LOG_RETENTION = 'Custom::LogRetention';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const FUNCTION = 'AWS::Lambda::Function';
const LAMBDA_LOG_PREFIX = '/aws/lambda/';

/**
 * Functions whose default log group (`/aws/lambda/<name>`) the app declares or sets a retention
 * on: a `LogGroup` or `Custom::LogRetention` whose name refers to the function (`Ref`) or spells
 * its literal name. Those resources are judged themselves.
 */
function functionsWithDeclaredLogGroup(index: AppIndex): Set<IndexedResource> {
  return index.derived('mon5.declaredFunctionLogGroups', (ix) => {
    const out = new Set<IndexedResource>();
    for (const group of [...ix.resourcesOfType('AWS::Logs::LogGroup'), ...ix.resourcesOfType(LOG_RETENTION)]) {
      const name = group.properties.LogGroupName;
      for (const fn of ix.referencedResources(name, group.stack)) if (fn.type === FUNCTION) out.add(fn);
      if (typeof name === 'string' && name.startsWith(LAMBDA_LOG_PREFIX)) {
        for (const fn of ix.resourcesNamed(name.slice(LAMBDA_LOG_PREFIX.length))) if (fn.type === FUNCTION) out.add(fn);
      }
    }
    return out;
  });
}

/**
 * MON5: log groups have retention (at least the profile's) and a customer managed KMS key.
 */
export const MON5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON5',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.MEDIUM,
  title: 'Log groups keep events for the profile\'s retention and are encrypted with a customer managed key',
  auditLine: 'Task 85 (Monitoring & Observability) and task 88 ("Complete audit logging implementation")',
  explanation:
    'Logs are evidence: kept too briefly they are gone when an incident or an audit needs them; kept forever they cost more every month and hold personal data longer than needed. ' +
    'The profile sets how long (`logRetentionDays`: DEV 14, STAGING 90, PROD 365 days; DELIVERY-class log groups, which forward events and store none, are not judged on retention; a retention set through aws-cdk-lib\'s `logRetention` props, a `Custom::LogRetention` resource, is judged the same way; ECS containers without any log configuration lose their output and are reported on their task definition; a Lambda function that names no log group (`LoggingConfig.LogGroup`) and whose `/aws/lambda/<name>` group the app neither declares nor gives a retention writes to the group Lambda creates on first invocation, which keeps events forever without a customer managed key — CDK\'s own custom-resource handlers are left out). Without a customer managed key, anyone who can read the log group reads its data, with no key policy or CloudTrail record of decryption.',
  fix: 'Plain CDK: `new logs.LogGroup(this, "Logs", { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key })` with a key policy that lets `logs.<region>.amazonaws.com` use the key; for a log group the awsLogs driver makes inside a container definition (what `ecs_patterns` services do by default), pass your own through `logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix })` (`taskImageOptions.logDriver` in `ecs_patterns`, `logging` on a container); for a Lambda function, `logGroup: new logs.LogGroup(...)` on the function (a function that has already run keeps its old `/aws/lambda/<name>` group: import or move it first). With this library: `ServiceMonitoring.monitor(logGroup)` (or `monitorScope`) sets a customer managed key, and the profile\'s retention on log groups that set none (an L2 `LogGroup` created with `RetentionDays.INFINITE` keeps that choice: acknowledge the finding with your reason).',
  resourceTypes: ['AWS::Logs::LogGroup', LOG_RETENTION, TASK_DEFINITION, FUNCTION],
  evaluate(logGroup, index, profile) {
    const p = logGroup.properties;
    if (logGroup.type === FUNCTION) {
      if (isPlumbing(logGroup, index)) return NOT_APPLICABLE;
      if (p.LoggingConfig?.LogGroup !== undefined || functionsWithDeclaredLogGroup(index).has(logGroup)) return failAll([]);
      return failAll([{
        message: 'The function names no log group: Lambda creates /aws/lambda/<function name> on first invocation, keeping events forever without a customer managed key. ' +
          'Give it one: `logGroup: new logs.LogGroup(this, \'FnLogs\', { retention, encryptionKey })` on the function (`LoggingConfig.LogGroup`; a function that has already run keeps its old group: move or import it first), then `ServiceMonitoring.monitor(logGroup)` hardens it',
        location: 'Properties/LoggingConfig',
      }]);
    }
    if (logGroup.type === TASK_DEFINITION) {
      // A container without a log configuration writes its output nowhere: it is lost.
      const silent = asArray(p.ContainerDefinitions).filter((c) => c && c.LogConfiguration === undefined).map((c) => String(c.Name ?? '?'));
      return failAll(silent.length === 0 ? [] : [{
        message: `Container${silent.length === 1 ? '' : 's'} ${silent.join(', ')} ${silent.length === 1 ? 'has' : 'have'} no log configuration: ${silent.length === 1 ? 'its' : 'their'} output is lost. ` +
          'Give each a log driver: `logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix })` (in `ecs_patterns`: `taskImageOptions.logDriver`)',
        location: 'Properties/ContainerDefinitions',
      }]);
    }
    const failures: Failure[] = [];
    const days = typeof p.RetentionInDays === 'string' ? Number(p.RetentionInDays) : p.RetentionInDays;
    if (logGroup.type === LOG_RETENTION) {
      // aws-cdk-lib's `logRetention` props (Lambda, RDS, …) set the retention of a log group the
      // service creates: judge the retention it sets; the key of that group is not in the template.
      return failAll(typeof days === 'number' && days < profile.logRetentionDays ? [{
        message: `The log group ${typeof p.LogGroupName === 'string' ? `${p.LogGroupName} ` : ''}keeps events ${days} days (set through logRetention), less than the ${profile.logRetentionDays} days of the profile '${profile.name}'`,
        location: 'Properties/RetentionInDays',
      }] : days === undefined ? [{
        message: `logRetention keeps events forever: set a retention (the profile '${profile.name}' asks for ${profile.logRetentionDays} days)`,
        location: 'Properties/RetentionInDays',
      }] : []);
    }
    // A delivery log group forwards events to S3 or Firehose and stores none: it takes no retention.
    const stores = p.LogGroupClass !== 'DELIVERY';
    if (stores && days === undefined) {
      failures.push({ message: `Log group keeps events forever: set RetentionInDays (the profile '${profile.name}' asks for ${profile.logRetentionDays} days)`, location: 'Properties/RetentionInDays' });
    } else if (stores && typeof days === 'number' && days < profile.logRetentionDays) {
      failures.push({ message: `Log group keeps events ${days} days, less than the ${profile.logRetentionDays} days of the profile '${profile.name}'`, location: 'Properties/RetentionInDays' });
    }
    if (p.KmsKeyId === undefined) {
      failures.push({ message: 'Log group is not encrypted with a customer managed KMS key (KmsKeyId)', location: 'Properties/KmsKeyId' });
    }
    const container = failures.length > 0 ? driverMadeLogGroups(index).get(logGroup) : undefined;
    if (container === undefined) return failAll(failures);
    // Made by the awsLogs driver inside a container definition (ecs_patterns' default): the user's
    // code never holds it, so say how to reach it.
    const reach = `. The awsLogs log driver of container ${container} made this log group (what ecs_patterns services do by default): ` +
      'pass your own through `logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix })` (`taskImageOptions.logDriver` in ecs_patterns, `logging` on a container)';
    return failAll(failures.map((f) => ({ ...f, message: f.message + reach })));
  },
};

/**
 * Log groups the awsLogs driver created inside a container definition (`<task definition>/<container>/LogGroup`),
 * by the container that writes to them: what `ecs_patterns` services and `ecs.LogDrivers.awsLogs()` without
 * a `logGroup` make.
 */
function driverMadeLogGroups(index: AppIndex): Map<IndexedResource, string> {
  return index.derived('mon5.driverMadeLogGroups', (ix) => {
    const made = new Map<IndexedResource, string>();
    for (const td of ix.resourcesOfType(TASK_DEFINITION)) {
      const scope = td.path.endsWith('/Resource') ? td.path.substring(0, td.path.length - '/Resource'.length) : td.path;
      for (const c of asArray(td.properties.ContainerDefinitions)) {
        const group = c?.LogConfiguration?.LogDriver === 'awslogs' ? c.LogConfiguration.Options?.['awslogs-group'] : undefined;
        if (group === undefined) continue;
        for (const lg of ix.referencedResources(group, td.stack)) {
          if (lg.type === 'AWS::Logs::LogGroup' && lg.path.startsWith(`${scope}/`)) made.set(lg, String(c.Name ?? '?'));
        }
      }
    }
    return made;
  });
}
