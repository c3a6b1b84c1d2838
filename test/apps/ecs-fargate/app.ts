// Two ALB-fronted Fargate services from ecs_patterns, as the CDK guide shows them: one with every
// default, one with target-tracking auto scaling on CPU.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

const env = { account: '123456789012', region: 'eu-west-1' };

class WebStack extends Stack {
  public readonly service: ecsPatterns.ApplicationLoadBalancedFargateService;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample') },
    });
  }
}

class ScaledWebStack extends WebStack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const scaling = this.service.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new WebStack(app, 'Web', { env });
  new ScaledWebStack(app, 'ScaledWeb', { env });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
