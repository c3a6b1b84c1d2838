// sample: custom-rules/waf-rule
// rules/public-alb-has-waf.ts
import { IReadinessRule, ReadinessArea, RuleContext, RuleFailure, RuleSubject, RuleTarget, RuleVerdict } from 'cdk-readiness';

/** Acme-WAF1: every internet-facing Application Load Balancer is protected by an AWS WAF web ACL. */
export const PUBLIC_ALB_HAS_WAF: IReadinessRule = {
  info: {
    id: 'Acme-WAF1',
    area: ReadinessArea.SECURITY,
    title: 'Internet-facing Application Load Balancers are protected by AWS WAF',
    auditLine: 'Security audit, non-critical gaps: "Advanced security features"',
    explanation:
      'An internet-facing load balancer without a web ACL passes every request to the application: ' +
      'no managed rules against common exploits, no rate limiting, no IP reputation filtering.',
    fix:
      'Associate a regional web ACL with rules: `new wafv2.CfnWebACLAssociation(this, "Waf", { resourceArn: alb.loadBalancerArn, webAclArn: acl.attrArn })`. ' +
      'Where AWS Firewall Manager associates it, acknowledge Acme-WAF1 on the load balancer with the policy name.',
  },
  target: RuleTarget.resourcesOfType('AWS::ElasticLoadBalancingV2::LoadBalancer'),

  evaluate(subject: RuleSubject, context: RuleContext): RuleVerdict {
    const lb = subject.resource!;
    // CloudFormation's defaults when the template leaves them out: application, internet-facing.
    const type = lb.properties.Type ?? 'application';
    const scheme = lb.properties.Scheme ?? 'internet-facing';
    if (type !== 'application' || scheme !== 'internet-facing') return RuleVerdict.notApplicable();

    // The associations that name this load balancer, in any stack: one lookup table per validation.
    const associations = context.resourcesReferencing(lb, 'AWS::WAFv2::WebACLAssociation');
    if (associations.length === 0) {
      return RuleVerdict.fail('Internet-facing load balancer has no AWS WAF web ACL associated');
    }
    // A web ACL of this app must filter something; one given by ARN (a central team's) is trusted.
    const failures: RuleFailure[] = [];
    for (const association of associations) {
      for (const acl of context.referencedResources(association.properties.WebACLArn, association.stackPath)) {
        if (!Array.isArray(acl.properties.Rules) || acl.properties.Rules.length === 0) {
          failures.push({ message: `Web ACL ${acl.constructPath} has no rules: it lets every request through` });
        }
      }
    }
    return RuleVerdict.failAll(failures);
  },
};
// end-sample
