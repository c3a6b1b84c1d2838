import { CfnResource, Names, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { MonitoredResource, ServiceMonitoring } from '../../monitoring';

/**
 * The monitored view of a resource: the one the ServiceMonitoring already made, or a new one
 * (`monitor()` throws a clear error when another ServiceMonitoring watches it).
 */
export function monitoredBy(monitoring: ServiceMonitoring, resource: IConstruct): MonitoredResource {
  const cfn = CfnResource.isCfnResource(resource) ? resource : resource.node.defaultChild;
  return monitoring.monitored.find((m) => m.resource === cfn) ?? monitoring.monitor(resource);
}

/**
 * The alarms with these ids, each given a fixed name when CloudFormation would generate it.
 *
 * A deployment alarm is named by the resource that watches it (ECS service, CodeDeploy group);
 * a generated name is a `Ref` to the alarm, whose metric names the service: a dependency cycle
 * (ECS) or a name that changes with every replacement. A name computed from the construct path
 * is fixed, unique in the account and region, and stays readable.
 */
export function namedAlarms(monitored: MonitoredResource[], alarmIds: string[]): cloudwatch.Alarm[] {
  const alarms: cloudwatch.Alarm[] = [];
  for (const m of monitored) {
    for (const id of alarmIds) {
      const alarm = m.alarm(id);
      if (!alarm) continue;
      const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      if (cfn.alarmName === undefined || Token.isUnresolved(cfn.alarmName)) {
        cfn.alarmName = Names.uniqueResourceName(alarm, { maxLength: 255, separator: '-' });
      }
      alarms.push(alarm);
    }
  }
  return alarms;
}

/** The literal name of an alarm that went through `namedAlarms`. */
export function alarmNameOf(alarm: cloudwatch.Alarm): string {
  return (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName!;
}
