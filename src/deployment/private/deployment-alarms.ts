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

/** The alarms with these ids made for the monitored resources, in that order. */
export function alarmsOf(monitored: MonitoredResource[], alarmIds: string[]): cloudwatch.Alarm[] {
  return monitored.flatMap((m) => alarmIds.map((id) => m.alarm(id)).filter((a): a is cloudwatch.Alarm => a !== undefined));
}

/**
 * Give each alarm a fixed name when CloudFormation would generate it, and return the names.
 *
 * An ECS service names its deployment alarms; a generated name is a `Ref` to the alarm, whose
 * metric names the service: a dependency cycle the stack cannot deploy. A name computed from the
 * construct path is fixed, unique in the account and region, and readable.
 */
export function fixedNames(alarms: cloudwatch.Alarm[]): string[] {
  return alarms.map((alarm) => {
    const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
    if (cfn.alarmName === undefined || Token.isUnresolved(cfn.alarmName)) {
      cfn.alarmName = Names.uniqueResourceName(alarm, { maxLength: 255, separator: '-' });
    }
    return cfn.alarmName;
  });
}
