import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { invalidProp } from '../../shared/validation';

/** A Container Insights metric of one ECS service (`ECS/ContainerInsights`, by cluster and service). */
export function containerInsightsMetric(
  metricName: string, clusterName: string, serviceName: string, statistic: string, period: Duration,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName,
    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
    statistic,
    period,
  });
}

const ENABLE = 'create the cluster with `containerInsightsV2: ecs.ContainerInsights.ENABLED` (or ENHANCED)';

/**
 * A construct that reads Container Insights metrics fails on a cluster of this app without them
 * (`consequence` says what would break, `otherFix` what else avoids it), and warns on an imported
 * cluster it cannot check.
 */
export function requireContainerInsights(scope: Construct, construct: string, cluster: ecs.ICluster, consequence: string, otherFix?: string): void {
  const cfn = cluster.node.defaultChild;
  if (!(cfn instanceof ecs.CfnCluster)) {
    Annotations.of(scope).addWarningV2('cdk-readiness:container-insights-unknown',
      `The cluster of this service is imported: make sure Container Insights is enabled on it, or ${consequence}.`);
    return;
  }
  const settings: any[] = Stack.of(cluster).resolve(cfn.clusterSettings) ?? [];
  const insights = settings.find((s) => s?.name === 'containerInsights')?.value;
  if (!Token.isUnresolved(insights) && insights !== 'enabled' && insights !== 'enhanced') {
    invalidProp(scope, construct, 'service', cluster.node.path,
      `Its cluster does not have Container Insights enabled, so ECS/ContainerInsights publishes no DesiredTaskCount or RunningTaskCount: ${consequence}. `
      + `${otherFix ? `${otherFix}, or ${ENABLE}` : ENABLE.charAt(0).toUpperCase() + ENABLE.substring(1)}.`);
  }
}
