import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { appWith, EU, only } from './helpers';
import { ApplicationLoadBalancing, LoadBalancingAlgorithm, ReadinessProfile } from '../../src';

function alb(region = 'eu-west-1', app: App = appWith()) {
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', { vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
  loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [targetGroup] });
  return { stack, vpc, loadBalancer, targetGroup };
}

function attributes(resource: any, property: string): Record<string, string> {
  return Object.fromEntries((resource.Properties[property] ?? []).map((a: any) => [a.Key, a.Value]));
}

describe('ApplicationLoadBalancing', () => {
  test('least outstanding requests, explicit health check, 30 s deregistration delay on every target group', () => {
    const { stack, loadBalancer, targetGroup } = alb();
    new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
    const tg = only(stack, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(tg.Properties).toMatchObject({
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
    });
    expect(attributes(tg, 'TargetGroupAttributes')).toEqual({
      'load_balancing.algorithm.type': 'least_outstanding_requests',
      'deregistration_delay.timeout_seconds': '30',
      'stickiness.enabled': 'false',
    });
  });

  test('weighted random with anomaly mitigation, and a routed alarm on anomalous hosts per target group', () => {
    const { stack, loadBalancer, targetGroup } = alb();
    const lb = new ApplicationLoadBalancing(stack, 'Lb', {
      loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' }, algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION,
    });
    expect(attributes(only(stack, 'AWS::ElasticLoadBalancingV2::TargetGroup'), 'TargetGroupAttributes')).toMatchObject({
      'load_balancing.algorithm.type': 'weighted_random',
      'load_balancing.algorithm.anomaly_mitigation': 'on',
    });
    expect(lb.anomalousHostAlarms).toHaveLength(1);
    const alarm = only(stack, 'AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'AnomalousHostCount',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      AlarmActions: [{ Ref: expect.stringMatching(/^ReadinessAlarmRoutingWarningTopic/) }],
      Dimensions: expect.arrayContaining([expect.objectContaining({ Name: 'TargetGroup' }), expect.objectContaining({ Name: 'LoadBalancer' })]),
    });
    expect(JSON.stringify(alarm.Properties.AlarmDescription)).toMatch(/Runbook: 1\) /);
  });

  test('deletion protection, invalid-header dropping and access logs on the load balancer', () => {
    const { stack, loadBalancer, targetGroup } = alb();
    new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
    expect(attributes(only(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer'), 'LoadBalancerAttributes')).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'alb/Alb',
      'access_logs.s3.bucket': { Ref: expect.stringMatching(/^ReadinessAccessLogs/) },
    });
  });

  test('the access-log bucket: SSE-S3 (the only encryption ELB supports), TLS only, versioned, RETAIN, expiring after the profile log retention', () => {
    const { stack, loadBalancer, targetGroup } = alb();
    new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: ReadinessProfile.PROD.logRetentionDays, Status: 'Enabled' })] },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('log delivery is granted to the ELB account of regions opened before August 2022 (eu-west-1: 156460612806)', () => {
    const { stack, loadBalancer, targetGroup } = alb('eu-west-1');
    new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: 's3:PutObject',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ReadinessAccessLogs'), 'Arn'] }, '/alb/Alb/AWSLogs/111111111111/*']] },
        })]),
      },
    });
  });

  test('and to logdelivery.elasticloadbalancing.amazonaws.com in newer regions (ap-southeast-7)', () => {
    const { stack, loadBalancer, targetGroup } = alb('ap-southeast-7');
    new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutObject', Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' } })]),
      },
    });
  });

  test('a bucket of your own, a prefix of your own, protections switched off on purpose', () => {
    const { stack, loadBalancer, targetGroup } = alb();
    const bucket = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
    const lb = new ApplicationLoadBalancing(stack, 'Lb', {
      loadBalancer,
      targetGroups: [targetGroup],
      healthCheck: { path: '/health' },
      accessLogsBucket: bucket,
      accessLogsPrefix: 'edge/web',
      deletionProtection: false,
    });
    expect(lb.accessLogsBucket).toBe(bucket);
    expect(stack.node.tryFindChild('ReadinessAccessLogs')).toBeUndefined();
    expect(attributes(only(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer'), 'LoadBalancerAttributes')).toMatchObject({
      'deletion_protection.enabled': 'false',
      'access_logs.s3.prefix': 'edge/web',
    });
  });

  describe('bad input fails with the prop, the value and the fix', () => {
    // Elastic Load Balancing accepts slow start with round robin only (not with least outstanding
    // requests, not with weighted random), and weighted random not with sticky sessions.
    const targetGroupWith = (props: Partial<elbv2.ApplicationTargetGroupProps>) => {
      const app = appWith();
      const stack = new Stack(app, 'S', EU);
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
      const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', { vpc, port: 80, targetType: elbv2.TargetType.IP, ...props });
      return { stack, loadBalancer, targetGroup };
    };

    test('weighted random on a target group that already has slow start', () => {
      const { stack, loadBalancer, targetGroup } = targetGroupWith({ slowStart: Duration.seconds(120) });
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', {
        loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' }, algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION,
      })).toThrow(/ApplicationLoadBalancing 'S\/Lb': invalid algorithm "weighted_random"\. Target group S\/Targets already has slow start \(120 s\), which Elastic Load Balancing accepts with round robin only.* Remove the target group's slowStart/);
    });

    test('least outstanding requests (the default) on a target group that already has slow start', () => {
      const { stack, loadBalancer, targetGroup } = targetGroupWith({ slowStart: Duration.seconds(60) });
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } }))
        .toThrow(/invalid algorithm "least_outstanding_requests"\. Target group S\/Targets already has slow start \(60 s\)/);
    });

    test('weighted random on a target group with sticky sessions', () => {
      const { stack, loadBalancer, targetGroup } = targetGroupWith({ stickinessCookieDuration: Duration.hours(1) });
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', {
        loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' }, algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION,
      })).toThrow(/invalid algorithm "weighted_random"\. Target group S\/Targets has sticky sessions, which weighted random routing does not support/);
    });

    test('sticky sessions stay allowed with least outstanding requests', () => {
      const { stack, loadBalancer, targetGroup } = targetGroupWith({ stickinessCookieDuration: Duration.hours(1) });
      new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } });
      expect(attributes(only(stack, 'AWS::ElasticLoadBalancingV2::TargetGroup'), 'TargetGroupAttributes')).toMatchObject({
        'stickiness.enabled': 'true',
        'load_balancing.algorithm.type': 'least_outstanding_requests',
      });
    });

    test('a Lambda target group (no routing algorithm or deregistration delay to set)', () => {
      const { stack, loadBalancer, targetGroup } = targetGroupWith({ targetType: elbv2.TargetType.LAMBDA, port: undefined });
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } }))
        .toThrow(/invalid targetGroups "S\/Targets"\. It has Lambda targets/);
    });

    test.each([
      ['deregistration delay in fractions of a second', { deregistrationDelay: Duration.millis(45_500) }, /invalid deregistrationDelay .*\(whole seconds\)/],
      ['deregistration delay out of range', { deregistrationDelay: Duration.hours(2) }, /invalid deregistrationDelay 2 hours\. Elastic Load Balancing accepts 0 to 3600 seconds/],
      ['a relative health check path', { healthCheck: { path: 'health' } }, /invalid healthCheck\.path "health"\. Give a path starting with "\/"/],
      ['a timeout not shorter than the interval', { healthCheck: { path: '/h', interval: Duration.seconds(10), timeout: Duration.seconds(10) } }, /invalid healthCheck\.timeout 10 seconds\. It must be shorter than healthCheck\.interval/],
      ['a threshold out of range', { healthCheck: { path: '/h', unhealthyThresholdCount: 1 } }, /invalid healthCheck\.unhealthyThresholdCount 1\. Elastic Load Balancing accepts 2 to 10/],
      ['a prefix with AWSLogs', { accessLogsPrefix: 'logs/AWSLogs' }, /invalid accessLogsPrefix "logs\/AWSLogs"\. Give a prefix without "AWSLogs"/],
      ['no target group', { targetGroups: [] }, /invalid targetGroups \[\]\./],
    ])('%s', (_name, props, message) => {
      const { stack, loadBalancer, targetGroup } = alb();
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' }, ...(props as any) })).toThrow(message);
    });

    test('a stack without an explicit region (the log delivery principal depends on it)', () => {
      const app = appWith();
      const stack = new Stack(app, 'S');
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
      const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', { vpc, port: 80, targetType: elbv2.TargetType.IP });
      expect(() => new ApplicationLoadBalancing(stack, 'Lb', { loadBalancer, targetGroups: [targetGroup], healthCheck: { path: '/health' } }))
        .toThrow(/invalid loadBalancer "S\/Alb"\. Its stack has no explicit region/);
    });
  });
});
