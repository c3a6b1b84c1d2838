import { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * A resource monitored by a ServiceMonitoring, with the alarms made for it.
 */
export class MonitoredResource {
  /** The L1 resource. */
  public readonly resource: CfnResource;
  /** Its name in alarms and on the dashboard. */
  public readonly label: string;
  /** The alarms made for it (anomaly detection included). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The anomaly detector its anomaly-detection alarm uses, if it has one. */
  public readonly anomalyDetector?: cloudwatch.CfnAnomalyDetector;

  /** @internal */
  constructor(resource: CfnResource, label: string, alarms: cloudwatch.Alarm[], anomalyDetector?: cloudwatch.CfnAnomalyDetector) {
    this.resource = resource;
    this.label = label;
    this.alarms = alarms;
    this.anomalyDetector = anomalyDetector;
  }

  /** The alarm with an id of the threshold table (`AlarmIds`, e.g. `AlarmIds.LAMBDA_ERROR_RATE`), if it was made. */
  public alarm(alarmId: string): cloudwatch.Alarm | undefined {
    return this.alarms.find((a) => a.node.id === alarmId);
  }
}
