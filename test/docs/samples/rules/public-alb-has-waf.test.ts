// sample: custom-rules/test
// rules/public-alb-has-waf.test.ts
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ReadinessTesting } from 'cdk-readiness';
import { PUBLIC_ALB_HAS_WAF } from './public-alb-has-waf';

function appWithAlb(internetFacing: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Web', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing });
  return { app, stack, alb };
}

function webAcl(stack: Stack, rules: wafv2.CfnWebACL.RuleProperty[]) {
  const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'web', sampledRequestsEnabled: true };
  return new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig, rules });
}

const COMMON_RULES: wafv2.CfnWebACL.RuleProperty = {
  name: 'common',
  priority: 0,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'common', sampledRequestsEnabled: true },
};

/** The rule's findings only: the other rules have their own tests. */
const findings = (app: App) => ReadinessTesting.findings(app, { rules: [PUBLIC_ALB_HAS_WAF] })
  .filter((f) => f.ruleId === 'Acme-WAF1')
  .map((f) => `${f.constructPath}: ${f.message}`);

describe('Acme-WAF1', () => {
  test('an internet-facing ALB without a web ACL is a finding', () => {
    const { app } = appWithAlb(true);
    expect(findings(app)).toEqual(['Web/Alb/Resource: Internet-facing load balancer has no AWS WAF web ACL associated']);
  });

  test('an ALB with a web ACL that has rules passes', () => {
    const { app, stack, alb } = appWithAlb(true);
    const acl = webAcl(stack, [COMMON_RULES]);
    new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: alb.loadBalancerArn, webAclArn: acl.attrArn });
    expect(findings(app)).toEqual([]);
  });

  test('a web ACL without rules is a finding', () => {
    const { app, stack, alb } = appWithAlb(true);
    const acl = webAcl(stack, []);
    new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: alb.loadBalancerArn, webAclArn: acl.attrArn });
    expect(findings(app)).toEqual(['Web/Alb/Resource: Web ACL Web/Acl has no rules: it lets every request through']);
  });

  test('an internal ALB is not judged', () => {
    const { app } = appWithAlb(false);
    expect(findings(app)).toEqual([]);
  });
});
// end-sample
