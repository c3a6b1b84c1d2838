import { RuleImpact } from '../../../profile';
import { asArray } from '../../../analysis/app-index';
import { failAll, Failure, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** What aws-cdk-lib's `logRetention` props synthesize: a custom resource setting a service-created log group's retention. */
const LOG_RETENTION = 'Custom::LogRetention';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

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
    'The profile sets how long (`logRetentionDays`: DEV 14, STAGING 90, PROD 365 days; DELIVERY-class log groups, which forward events and store none, are not judged on retention; a retention set through aws-cdk-lib\'s `logRetention` props, a `Custom::LogRetention` resource, is judged the same way; ECS containers without any log configuration lose their output and are reported on their task definition). Without a customer managed key, anyone who can read the log group reads its data, with no key policy or CloudTrail record of decryption.',
  fix: '`ServiceMonitoring.monitor(logGroup)` (or `monitorScope`) sets a customer managed key, and the profile\'s retention on hand-written log groups that set none (an L2 `LogGroup` created with `RetentionDays.INFINITE` keeps that choice: acknowledge the finding with your reason). By hand: `new logs.LogGroup(this, \'Logs\', { retention: ..., encryptionKey: key })` with a key policy that lets `logs.<region>.amazonaws.com` use the key.',
  resourceTypes: ['AWS::Logs::LogGroup', LOG_RETENTION, TASK_DEFINITION],
  evaluate(logGroup, _index, profile) {
    const p = logGroup.properties;
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
    return failAll(failures);
  },
};
