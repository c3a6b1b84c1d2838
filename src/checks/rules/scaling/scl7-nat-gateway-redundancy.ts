import { IndexedResource } from '../../../analysis/app-index';
import { referrersOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** A stable key for a zone as the template writes it: a literal, or `Fn::Select` of `Fn::GetAZs`. */
function zoneKey(az: unknown): string | undefined {
  if (az === undefined) return undefined;
  return typeof az === 'string' ? az : JSON.stringify(az);
}

/**
 * SCL7: private subnets in several Availability Zones do not all reach the internet through one
 * NAT gateway.
 */
export const SCL7: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL7',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.HIGH,
  title: 'Private subnets in several zones do not share a single NAT gateway',
  auditLine: 'Task 86 (Load Balancing & Scaling): "No failover testing procedures"',
  explanation:
    'A NAT gateway lives in one Availability Zone. When private subnets of every zone send their internet traffic through one, losing that zone cuts every task and function off from AWS APIs and third parties, ' +
    'so running in two zones protects nothing. Judged when the profile\'s `minCapacity` is 2 or more (STAGING, PROD).',
  fix: 'Plain CDK: leave `natGateways` unset on `ec2.Vpc` (one per zone) or set it to the number of zones; or use VPC endpoints and no NAT at all for AWS-only traffic. With this library: no construct; in DEV one NAT gateway is a sensible saving, which is why the rule is judged only when the profile\'s `minCapacity` is 2 or more.',
  resourceTypes: ['AWS::EC2::VPC'],
  evaluate(vpc, index, profile) {
    if (profile.minCapacity < 2) return NOT_APPLICABLE;
    const subnets = (referrersOf(index, 'subnet-vpc', 'AWS::EC2::Subnet', (p) => p.VpcId).get(vpc) ?? []);
    const associations = referrersOf(index, 'association-subnet', 'AWS::EC2::SubnetRouteTableAssociation', (p) => p.SubnetId);
    const routeTables = (a: IndexedResource) => index.referencedResources(a.properties.RouteTableId, a.stack).filter((r) => r.type === 'AWS::EC2::RouteTable');
    const routes = referrersOf(index, 'route-table', 'AWS::EC2::Route', (p) => p.RouteTableId);
    const zones = new Set<string>();
    const gateways = new Set<string>();
    for (const subnet of subnets) {
      for (const table of (associations.get(subnet) ?? []).flatMap(routeTables)) {
        for (const route of routes.get(table) ?? []) {
          const p = route.properties;
          if (p.DestinationCidrBlock !== '0.0.0.0/0' || p.NatGatewayId === undefined) continue;
          const zone = zoneKey(subnet.properties.AvailabilityZone);
          if (zone === undefined) continue;
          zones.add(zone);
          gateways.add(JSON.stringify(p.NatGatewayId));
        }
      }
    }
    if (zones.size < 2) return NOT_APPLICABLE;
    return gateways.size >= 2 ? PASS
      : fail(`Private subnets in ${zones.size} Availability Zones all route to the internet through one NAT gateway: losing its zone cuts every zone off`, 'Resource');
  },
};
