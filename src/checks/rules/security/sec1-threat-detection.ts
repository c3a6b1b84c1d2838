import { DECLARED, hasService, namesOf, oncePerEnvironment, organizationCoverage, presentOtherwise, uncoveredNeeds, whereOf } from './security-coverage';
import { AppIndex, IndexedStack } from '../../../analysis/app-index';
import { RuleImpact } from '../../../profile';
import { AppRule, Failure } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const ID = 'Readiness-SEC1';

/** The GuardDuty protection plans the workloads of an environment need (names of `GuardDutyFeature`). */
const NEEDS = [
  { option: 'S3_DATA_EVENTS', why: 'watches the data events of S3 buckets', types: ['AWS::S3::Bucket'] },
  { option: 'EKS_AUDIT_LOGS', why: 'reads the audit logs of EKS clusters', types: ['AWS::EKS::Cluster'] },
  { option: 'EBS_MALWARE_PROTECTION', why: 'scans the volumes of instances with suspicious findings', types: ['AWS::EC2::Instance', 'AWS::AutoScaling::AutoScalingGroup'] },
  { option: 'RDS_LOGIN_EVENTS', why: 'watches the login activity of Aurora and RDS databases', types: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'] },
  { option: 'LAMBDA_NETWORK_LOGS', why: 'watches the network activity of Lambda functions', types: ['AWS::Lambda::Function'] },
  { option: 'RUNTIME_MONITORING', why: 'watches the processes of containers and instances', types: ['AWS::ECS::Service', 'AWS::EKS::Cluster', 'AWS::EC2::Instance', 'AWS::AutoScaling::AutoScalingGroup'] },
];

/** The threat-detection gaps of the account and region of `stack`. */
function gapsOf(index: AppIndex, stack: IndexedStack): Failure[] {
  if (presentOtherwise(index, stack, DECLARED.guardDuty)) return [];
  const features = organizationCoverage(index, stack)?.guardDutyFeatures;
  if (features === undefined || !hasService(index, stack, DECLARED.guardDuty)) {
    return [{ message: `No GuardDuty detector for ${whereOf(stack)} in any stack of the app, and no SecurityBaseline or OrganizationSecurityCoverage declares GuardDuty as provided there`, location: 'Stack' }];
  }
  // The organization covers GuardDuty: what it leaves out is what the workloads here need.
  return uncoveredNeeds(index, stack, features, NEEDS).map((n) => ({
    message: `The organization auto-enables GuardDuty for ${whereOf(stack)} (OrganizationSecurityCoverage) without the ${n.option} protection plan, which ${n.why}: ${namesOf(n.resources)} run unwatched. Add the plan to the delegated administrator's auto-enable (SecurityToolingBaseline guardDutyFeatures) and to the declaration`,
    location: 'Stack',
  }));
}

/**
 * SEC1: GuardDuty runs in the account and region of every stack (detectors are regional), created
 * in any stack of the app or declared as provided by the organization. Judged once per account and
 * region where the app runs code, on the first of its stacks there.
 */
export const SEC1: AppRule = {
  kind: 'app',
  id: ID,
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.HIGH,
  title: 'Threat detection: GuardDuty runs in every account and region the app deploys to (or is declared as provided)',
  auditLine: 'Task 88 (Security & Compliance): "No security scanning automation"; security audit §3: "Advanced threat detection system"',
  explanation:
    'GuardDuty detectors are regional: a detector in the primary region sees nothing of what an attacker does with the app\'s credentials in the DR region. Every account and region where the app runs code (ECS services and tasks, Lambda functions, EC2 instances and Auto Scaling groups, EKS, Batch, App Runner, Step Functions, API Gateway integrations; CDK\'s own custom-resource handlers are deployment plumbing and do not count) needs an enabled AWS::GuardDuty::Detector in some stack of the app, or a SecurityBaseline declaring GuardDuty as provided (organizations usually enable it from a delegated administrator, and a second detector fails the deployment), or an OrganizationSecurityCoverage declaring the protection plans the organization auto-enables: then each plan the workloads there need (S3 for buckets, EKS audit logs for clusters, malware protection and runtime monitoring for instances and containers, RDS for databases, Lambda for functions) must be among them. The gap is reported once per account and region, on the first stack there by construct path (acknowledge it on that stack), naming the others.',
  fix: 'Plain CDK: a `guardduty.CfnDetector` with `enable: true` in a stack of each account and region the app runs code in. With this library: `new SecurityBaseline(stack, "Security")` in each account and region creates it, or declares it with `guardDuty: { mode: ServiceMode.PROVIDED }` where the organization runs GuardDuty; in a member account of an organization with `SecurityToolingBaseline`, `new OrganizationSecurityCoverage(stack, "Org", tooling.securityCoverage())`.',
  evaluate(index) {
    return oncePerEnvironment(index, ID, 'region', (stack) => gapsOf(index, stack));
  },
};
