import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';
import { isClusterMember, MONITORABLE_TYPES } from '../resource-types';

/**
 * Lambda functions the CDK itself adds to run custom resources and log retention: they are
 * framework plumbing, not workloads, and are not expected to carry alarms of their own.
 */
const FRAMEWORK_FUNCTION = /(^|\/)(SingletonLambda[^/]*|[^/]*CustomResourceProvider[^/]*|LogRetention[0-9a-f]{32}|BucketNotificationsHandler[0-9a-f]{32}|AWS679f53fac002430cb0da5b7982bd2287|framework-on[A-Za-z]+|CustomCDKBucketDeployment[0-9A-F]+|CustomS3AutoDeleteObjects[^/]*|CustomVpcRestrictDefaultSG[^/]*)(\/|$)/;

/**
 * MON1: every monitorable resource has at least one alarm on its own metrics.
 */
export const MON1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON1',
  area: ReadinessArea.MONITORING,
  title: 'Every service, function, queue, table, database and load balancer has an alarm on its own metrics',
  auditLine: 'Task 85 (Monitoring & Observability) and monitoring audit section 4: "Basic monitoring exists but lacks advanced features"',
  explanation:
    'A resource no alarm watches fails silently: errors, throttles, queue backlogs and full disks are found by users first. The alarm must use the resource\'s own metric dimensions, in any stack of the app.',
  fix: 'Create an alarm on one of the resource\'s metrics (for example `queue.metricApproximateAgeOfOldestMessage().createAlarm(...)`), or use the monitoring constructs of this library, which add vetted alarms per resource type.',
  resourceTypes: MONITORABLE_TYPES,
  evaluate(resource, index) {
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    if (resource.type === 'AWS::Lambda::Function' && FRAMEWORK_FUNCTION.test(resource.path)) return NOT_APPLICABLE;
    return index.alarmsOn(resource).length > 0
      ? PASS
      : fail('No CloudWatch alarm watches this resource\'s metrics');
  },
};
