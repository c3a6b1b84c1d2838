import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { asArray } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** ELB security policies that accept only TLS 1.2 and newer have `-1-2-` or `-1-3-` in their names. */
const MODERN_ELB_POLICY = /-1-[23]-/;
/** The policy an HTTPS listener created through CloudFormation or the CDK gets when it names none (Elastic Load Balancing docs). */
const CFN_DEFAULT_ELB_POLICY = 'ELBSecurityPolicy-2016-08';
/** CloudFront minimum protocol versions of TLS 1.2 and newer. */
const MODERN_CLOUDFRONT_VERSION = /^TLSv1\.[23]/;

function listener(l: IndexedResource, index: AppIndex): RuleResult {
  const p = l.properties;
  const lb = index.referencedResources(p.LoadBalancerArn, l.stack).find((r) => r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  // Only listeners of a known, internet-facing Application Load Balancer (the scheme defaults to internet-facing).
  if (!lb || (lb.properties.Type ?? 'application') !== 'application' || (lb.properties.Scheme ?? 'internet-facing') !== 'internet-facing') return NOT_APPLICABLE;
  if (p.Protocol === 'HTTPS') {
    const policy = p.SslPolicy;
    // Without SslPolicy, listeners created through CloudFormation (the CDK included) get
    // ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1 (the console's default differs).
    return failAll(policy === undefined ? [{
      message: `The HTTPS listener names no security policy: CloudFormation gives it ${CFN_DEFAULT_ELB_POLICY}, which accepts TLS 1.0 and 1.1. Set SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 or newer`,
      location: 'Properties/SslPolicy',
    }] : typeof policy === 'string' && !MODERN_ELB_POLICY.test(policy) ? [{
      message: `The HTTPS listener's security policy ${policy} accepts TLS versions older than 1.2: use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer`,
      location: 'Properties/SslPolicy',
    }] : []);
  }
  const actions = asArray(p.DefaultActions);
  const redirectsToHttps = actions.length > 0 && actions.every((a) => a?.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS');
  return failAll(redirectsToHttps ? [] : [{
    message: `An internet-facing load balancer serves plain ${p.Protocol ?? 'HTTP'} on port ${p.Port ?? '?'}: requests and cookies cross the internet unencrypted. Serve HTTPS, and on port 80 only redirect to it`,
    location: 'Properties/Protocol',
  }]);
}

function distribution(d: IndexedResource): RuleResult {
  const config = d.properties.DistributionConfig ?? {};
  const failures: Failure[] = [];
  const behaviors = [{ b: config.DefaultCacheBehavior, where: 'the default behavior' }, ...asArray(config.CacheBehaviors).map((b) => ({ b, where: `behavior ${b?.PathPattern ?? '?'}` }))];
  for (const { b, where } of behaviors) {
    if (b && (b.ViewerProtocolPolicy ?? 'allow-all') === 'allow-all') {
      failures.push({ message: `${where[0].toUpperCase()}${where.slice(1)} allows plain HTTP: set ViewerProtocolPolicy to redirect-to-https or https-only`, location: 'Properties/DistributionConfig' });
    }
  }
  const version = config.ViewerCertificate?.MinimumProtocolVersion;
  if (asArray(config.Aliases).length > 0 && typeof version === 'string' && !MODERN_CLOUDFRONT_VERSION.test(version)) {
    failures.push({ message: `The custom domain accepts ${version}: set MinimumProtocolVersion to TLSv1.2_2021 or newer`, location: 'Properties/DistributionConfig/ViewerCertificate' });
  }
  return failAll(failures);
}

function apiDomain(d: IndexedResource): RuleResult {
  const policies = d.type === 'AWS::ApiGateway::DomainName'
    ? [d.properties.SecurityPolicy]
    : asArray(d.properties.DomainNameConfigurations).map((c) => c?.SecurityPolicy);
  return failAll(policies.some((p) => p === 'TLS_1_0') ? [{
    message: 'The custom domain accepts TLS 1.0 (SecurityPolicy TLS_1_0): use TLS_1_2',
    location: 'Properties/SecurityPolicy',
  }] : []);
}

/**
 * SEC6: what faces the internet speaks TLS 1.2 or newer.
 */
export const SEC6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SEC6',
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.HIGH,
  title: 'TLS at the edge: internet-facing listeners and distributions serve HTTPS (TLS 1.2+) or only redirect to it',
  auditLine: 'Task 88 (Security & Compliance): "Compliance validation procedures", "No compliance monitoring"',
  explanation:
    'Plain HTTP on the internet exposes session cookies and credentials to anyone on the path, and TLS 1.0/1.1 are deprecated (RFC 8996). ' +
    'A port-80 listener that only redirects to HTTPS is fine; one that forwards is not. An HTTPS listener without SslPolicy gets ELBSecurityPolicy-2016-08 when CloudFormation (or the CDK) creates it — TLS 1.0 and 1.1 included — and is reported.',
  fix: 'Plain CDK: `lb.addListener("Https", { port: 443, certificates: [cert], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS })` and `lb.addRedirect()` for port 80 (`ecs_patterns`: `protocol: ApplicationProtocol.HTTPS, redirectHTTP: true`); `viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS` on CloudFront behaviors; `securityPolicy: apigateway.SecurityPolicy.TLS_1_2` on API Gateway domain names. With this library: `ApplicationLoadBalancing` hardens the load balancer it is given; the HTTPS listener is yours.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::CloudFront::Distribution', 'AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'],
  evaluate(resource, index) {
    switch (resource.type) {
      case 'AWS::ElasticLoadBalancingV2::Listener': return listener(resource, index);
      case 'AWS::CloudFront::Distribution': return distribution(resource);
      default: return apiDomain(resource);
    }
  },
};
