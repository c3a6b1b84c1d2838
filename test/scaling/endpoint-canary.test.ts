import { EventEmitter } from 'events';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { appWith, EU, only, resources } from './helpers';
import { AlarmSeverity, EndpointCanary } from '../../src';
import { CANARY_SCRIPT } from '../../src/scaling/private/canary-script';

function build(props: Partial<ConstructorParameters<typeof EndpointCanary>[2]> = {}) {
  const stack = new Stack(appWith(), 'S', EU);
  const canary = new EndpointCanary(stack, 'Canary', { url: 'https://api.example.com/health', ...props });
  return { stack, canary, template: Template.fromStack(stack) };
}

describe('EndpointCanary', () => {
  test('a pinned runtime, the inline script, a schedule, the URL in the environment, started on creation', () => {
    const { template, canary } = build({ expectedStatusCode: 204 });
    expect(EndpointCanary.RUNTIME.name).toBe('syn-nodejs-puppeteer-13.0');
    expect(canary.canaryName).toMatch(/^[0-9a-z_-]{1,21}$/);
    template.hasResourceProperties('AWS::Synthetics::Canary', {
      Name: canary.canaryName,
      RuntimeVersion: 'syn-nodejs-puppeteer-13.0',
      Code: { Handler: 'index.handler', Script: CANARY_SCRIPT },
      Schedule: { Expression: 'rate(5 minutes)' },
      StartCanaryAfterCreation: true,
      RunConfig: Match.objectLike({ TimeoutInSeconds: 60, EnvironmentVariables: { ENDPOINT_URL: 'https://api.example.com/health', EXPECTED_STATUS: '204' } }),
      ArtifactS3Location: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^CanaryArtifacts') }, '/runs']] },
      ArtifactConfig: { S3Encryption: { EncryptionMode: 'SSE_KMS', KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CanaryArtifactsKey'), 'Arn'] } } },
      ProvisionedResourceCleanup: 'AUTOMATIC',
    });
  });

  test('the artifacts bucket: customer key, TLS only, versioned, access-logged, RETAIN, artifacts expiring', () => {
    const { stack, template } = build({ artifactsRetention: Duration.days(30) });
    const bucket = Object.entries<any>(resources(stack, 'AWS::S3::Bucket')).find(([id]) => id.startsWith('CanaryArtifacts'))![1];
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^ReadinessAccessLogs/) }, LogFilePrefix: expect.stringMatching(/^canary\/.+\/$/) },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 1 } })] },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^CanaryArtifacts') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a role that writes this canary\'s artifacts, logs and metrics only, as a managed policy', () => {
    const { stack, canary } = build();
    expect(resources(stack, 'AWS::IAM::Policy')).toEqual({});
    const statements: any[] = only(stack, 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument.Statement;
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
    expect(Object.keys(bySid).sort()).toEqual(['EncryptRunArtifacts', 'LocateArtifactsBucket', 'PublishSyntheticsMetrics', 'SyntheticsListsBuckets', 'WriteRunArtifacts', 'WriteRunLogs']);
    expect(bySid.WriteRunArtifacts).toMatchObject({ Action: ['s3:PutObject', 's3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^CanaryArtifacts/), 'Arn'] }, '/runs/*']] } });
    expect(bySid.PublishSyntheticsMetrics).toMatchObject({ Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } } });
    expect(bySid.EncryptRunArtifacts).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } });
    expect(JSON.stringify(bySid.WriteRunLogs.Resource)).toContain(`:log-group:/aws/lambda/cwsyn-${canary.canaryName}-*`);
    // The canary waits for its permissions (its first run starts on creation).
    const canaryResource = only(stack, 'AWS::Synthetics::Canary');
    expect(canaryResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^CanaryPolicy/)]));
  });

  test('a latency alarm (WARNING) and a failure alarm (CRITICAL, no data counts as failure), both with runbooks', () => {
    const { template, canary } = build({ latencyThreshold: Duration.millis(1500), runbookUrl: 'https://runbooks.example.com/latency' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudWatchSynthetics',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'CanaryName', Value: canary.canaryName }],
      Threshold: 1500,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      Period: 300,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ReadinessAlarmRoutingWarningTopic') }],
      AlarmDescription: Match.stringLikeRegexp('Runbook: 1\\) .* https://runbooks.example.com/latency$'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SuccessPercent',
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ReadinessAlarmRoutingCriticalTopic') }],
    });
  });

  test('severities, interval and access-log bucket of your own', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const logs = new s3.Bucket(stack, 'Logs');
    new EndpointCanary(stack, 'Canary', {
      url: 'https://api.example.com/', interval: Duration.minutes(10), latencySeverity: AlarmSeverity.CRITICAL, failureSeverity: AlarmSeverity.WARNING, accessLogsBucket: logs,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Synthetics::Canary', { Schedule: { Expression: 'rate(10 minutes)' } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Period: 600, AlarmActions: [{ Ref: Match.stringLikeRegexp('Critical') }] });
    expect(stack.node.tryFindChild('ReadinessAccessLogs')).toBeUndefined();
  });

  describe('bad input fails with the prop, the value and the fix', () => {
    test.each([
      ['a URL without a scheme', { url: 'api.example.com/health' }, /EndpointCanary 'S\/Canary': invalid url "api\.example\.com\/health"\. Give an absolute http:\/\/ or https:\/\/ URL/],
      ['a name too long for the canary function', { canaryName: 'a-canary-name-that-is-too-long' }, /invalid canaryName "a-canary-name-that-is-too-long"\. Use at most 21 lowercase letters/],
      ['an uppercase name', { canaryName: 'Api' }, /invalid canaryName "Api"/],
      ['an interval of seconds', { interval: Duration.seconds(30) }, /invalid interval 30 seconds\. Give whole minutes from 1 to 60/],
      ['a latency threshold above the timeout', { latencyThreshold: Duration.minutes(2) }, /invalid latencyThreshold 2 minutes\./],
      ['a status that is not HTTP', { expectedStatusCode: 42 }, /invalid expectedStatusCode 42\. Give an HTTP status code from 100 to 599/],
    ])('%s', (_name, props, message) => {
      expect(() => build(props as any)).toThrow(message);
    });
  });
});

describe('the canary script', () => {
  /** Run the script with a stand-in for the Synthetics runtime module, answering `status`. */
  async function run(url: string, status: number, expected?: string) {
    const requests: any[] = [];
    const synthetics = {
      getCanaryUserAgentString: () => 'CloudWatchSynthetics/test',
      executeHttpStep: async (_name: string, request: any, validate: (res: any) => Promise<void>) => {
        requests.push(request);
        const res = Object.assign(new EventEmitter(), { statusCode: status });
        const done = validate(res);
        res.emit('data', 'body');
        res.emit('end');
        await done;
      },
    };
    const module = { exports: {} as any };
    const env = { ...process.env };
    process.env.ENDPOINT_URL = url;
    if (expected) process.env.EXPECTED_STATUS = expected; else delete process.env.EXPECTED_STATUS;
    try {
      new Function('require', 'module', 'exports', 'process', CANARY_SCRIPT)((name: string) => {
        if (name !== 'Synthetics') throw new Error(`unexpected require ${name}`);
        return synthetics;
      }, module, module.exports, process);
      await module.exports.handler();
      return requests;
    } finally {
      process.env = env;
    }
  }

  test('requests the URL: host, path with query, port and protocol', async () => {
    expect(await run('https://api.example.com:8443/health?deep=1', 200)).toEqual([{
      hostname: 'api.example.com',
      method: 'GET',
      path: '/health?deep=1',
      port: 8443,
      protocol: 'https:',
      headers: { 'User-Agent': 'CloudWatchSynthetics/test' },
    }]);
    expect((await run('http://internal-lb.eu-west-1.elb.amazonaws.com/', 200))[0]).toMatchObject({ port: 80, protocol: 'http:', path: '/' });
  });

  test('passes on 2xx, fails otherwise; with EXPECTED_STATUS only that status passes', async () => {
    await expect(run('https://api.example.com/', 204)).resolves.toHaveLength(1);
    await expect(run('https://api.example.com/', 503)).rejects.toThrow('https://api.example.com/ answered 503, expected 2xx');
    await expect(run('https://api.example.com/', 200, '302')).rejects.toThrow('answered 200, expected 302');
    await expect(run('https://api.example.com/', 302, '302')).resolves.toHaveLength(1);
  });
});
