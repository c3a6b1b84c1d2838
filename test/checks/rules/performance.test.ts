import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ServiceMonitoring } from '../../../src';
import { findingsOf, ruleOutcome } from '../../util/findings';

const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });
const env = { account: '111111111111', region: 'eu-west-1' };

function fn(scope: Stack, id: string, props: Partial<lambda.FunctionProps> = {}) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    ...props,
  });
}

function entryPoints(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
  alb.addListener('Http', { port: 80 }).addAction('Fixed', { action: elbv2.ListenerAction.fixedResponse(200) });
  const rest = new apigw.RestApi(stack, 'Rest', { restApiName: 'orders' });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  const http = new apigwv2.HttpApi(stack, 'Http');
  const withUrl = fn(stack, 'WithUrl', { tracing: lambda.Tracing.ACTIVE });
  withUrl.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
  return { alb, rest, http, withUrl };
}

describe('Readiness-PRF1 p99 latency alarms on entry points, tracing on Lambda and API Gateway', () => {
  test('non-compliant: entry points without p99 latency alarms (an average does not count), untraced functions and REST stages', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const { alb } = entryPoints(stack);
    new cw.Alarm(stack, 'AvgLatency', { metric: alb.metrics.targetResponseTime({ statistic: 'Average' }), threshold: 1, evaluationPeriods: 1 });
    fn(stack, 'Untraced');
    expect(findingsOf(app, 'Readiness-PRF1').map((f) => [f.constructPath, f.message])).toEqual([
      ['S/Alb/Resource', 'No p99 latency alarm (TargetResponseTime at p99 or higher) watches this entry point'],
      ['S/Http/Resource', 'No p99 latency alarm (Latency at p99 or higher) watches this entry point'],
      ['S/Rest/DeploymentStage.prod/Resource', 'X-Ray tracing is off on this REST API stage (TracingEnabled)'],
      ['S/Rest/Resource', 'No p99 latency alarm (Latency at p99 or higher) watches this entry point'],
      ['S/Untraced/Resource', 'X-Ray active tracing is off (TracingConfig.Mode is not Active)'],
      ['S/WithUrl/FunctionUrl/Resource', 'No p99 latency alarm (UrlRequestLatency at p99 or higher) watches this function URL'],
    ]);
  });

  test('compliant: ServiceMonitoring on every entry point and function (p99 alarms, tracing turned on)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    entryPoints(stack);
    fn(stack, 'Untraced');
    new ServiceMonitoring(stack, 'Monitoring').monitorScope(stack);
    expect(findingsOf(app, 'Readiness-PRF1')).toEqual([]);
    // ALB, REST API, HTTP API, function URL, 2 functions, 1 stage.
    expect(ruleOutcome(app, 'Readiness-PRF1')).toMatchObject({ evaluated: 7, passed: 7 });
  });

  test('compliant: hand-written p99.9 alarms and traced L1s; network load balancers, WebSocket APIs and custom-resource handlers are not judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const rest = new apigw.CfnRestApi(stack, 'Api', { name: 'legacy' });
    new apigw.CfnStage(stack, 'Stage', { restApiId: rest.ref, deploymentId: 'abc123', stageName: 'prod', tracingEnabled: true });
    new CfnResource(stack, 'Latency', {
      type: 'AWS::CloudWatch::Alarm',
      properties: {
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        Dimensions: [{ Name: 'ApiName', Value: 'legacy' }],
        ExtendedStatistic: 'p99.9',
        Period: 60,
        EvaluationPeriods: 5,
        Threshold: 3000,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    });
    new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    new apigwv2.CfnApi(stack, 'Ws', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    expect(findingsOf(app, 'Readiness-PRF1')).toEqual([]);
    // The REST API and its stage; the VPC's custom-resource handler (restrict default SG) is plumbing.
    expect(ruleOutcome(app, 'Readiness-PRF1')).toMatchObject({ evaluated: 2, passed: 2 });
  });
});
