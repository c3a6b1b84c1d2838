import { declared, DECLARED, hasService, oncePerEnvironment, organizationCoverage, presentOtherwise, serviceFacts, whereOf } from './security-coverage';
import { AppIndex, IndexedStack } from '../../../analysis/app-index';
import { sameEnvironment } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { AppRule, Failure } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const ID = 'Readiness-SEC3';

/**
 * SEC3: Security Hub with at least one standard, and AWS Config recording with a delivery channel,
 * in the account and region of every stack (both are regional), or declared as provided. Judged
 * once per account and region where the app runs code, on the first of its stacks there.
 */
export const SEC3: AppRule = {
  kind: 'app',
  id: ID,
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.MEDIUM,
  title: 'Compliance monitoring: Security Hub with a standard and AWS Config recording in every account and region',
  auditLine: 'Task 88 (Security & Compliance): "MISSING: Compliance validation procedures", "No compliance monitoring"',
  explanation:
    'A template shows what was deployed; Security Hub standards (AWS Foundational Security Best Practices, CIS) and AWS Config show, every day, what the account actually is, including what was changed by hand. Both are regional, and most Security Hub controls are evaluated through AWS Config rules, so each account and region where the app runs code (ECS services and tasks, Lambda functions, EC2 instances and Auto Scaling groups, EKS, Batch, App Runner, Step Functions, API Gateway integrations; CDK\'s own custom-resource handlers are deployment plumbing and do not count) needs a Security Hub subscription with at least one enabled standard and a Config recorder with a delivery channel, in some stack of the app or declared as provided. The gap is reported once per account and region, on the first stack there by construct path (acknowledge it on that stack), naming the others.',
  fix: 'Plain CDK: `securityhub.CfnHub` with a `securityhub.CfnStandard`, and `config.CfnConfigurationRecorder` with `config.CfnDeliveryChannel`, in each account and region. With this library: `SecurityBaseline` in each account and region (Security Hub with FSBP and CIS v3.0.0, a Config recorder and delivery channel, a conformance pack), or declare `securityHub` / `config` as `ServiceMode.PROVIDED` where the organization runs them; in a member account, `OrganizationSecurityCoverage` with the standards of the organization\'s central configuration and `configRecorder: true` where the organization records (an aggregator alone records nothing).',
  evaluate(index) {
    return oncePerEnvironment(index, ID, 'region', (stack) => gapsOf(index, stack));
  },
};

/** The compliance-monitoring gaps of the account and region of `stack`. */
function gapsOf(index: AppIndex, stack: IndexedStack): Failure[] {
  const where = whereOf(stack);
  const failures: Failure[] = [];
  const organization = organizationCoverage(index, stack);
  const orgStandards = organization?.securityHubStandards;
  // Declared as provided by a SecurityBaseline (which says nothing of its standards).
  const hubDeclared = serviceFacts(index)
    .some((f) => f.declared && !f.organization && f.service === DECLARED.securityHub && sameEnvironment(f.stack, stack));
  if (!hasService(index, stack, DECLARED.securityHub)) {
    failures.push({ message: `No Security Hub subscription for ${where} in any stack of the app, and none is declared as provided`, location: 'Stack' });
  } else if (!presentOtherwise(index, stack, DECLARED.securityHub) && orgStandards !== undefined) {
    if (orgStandards.length === 0) {
      failures.push({ message: `The organization's Security Hub central configuration for ${where} (OrganizationSecurityCoverage) enables no standard: add one to the configuration policy (SecurityToolingBaseline standards) and to the declaration`, location: 'Stack' });
    }
  } else if (!hubDeclared && !hasService(index, stack, 'securityhub-standard')) {
    failures.push({ message: `Security Hub for ${where} enables no standard (EnableDefaultStandards is false and no AWS::SecurityHub::Standard exists)`, location: 'Stack' });
  }
  if (!declared(index, stack, DECLARED.config)) {
    const recorder = hasService(index, stack, 'config-recorder');
    const channel = hasService(index, stack, 'config-channel');
    if (!recorder || !channel) {
      const missing = [!recorder ? 'a configuration recorder that records resources' : '', !channel ? 'a delivery channel' : ''].filter(Boolean).join(' and ');
      failures.push({
        message: organization?.configAggregator
          ? `The organization's AWS Config aggregator collects ${where} (OrganizationSecurityCoverage), but an aggregator only gathers what the account records, and ${where} lacks ${missing} in the app and none is declared as recorded by the organization (configRecorder)`
          : `AWS Config for ${where} lacks ${missing} in the app, and is not declared as provided`,
        location: 'Stack',
      });
    }
  }
  return failures;
}
