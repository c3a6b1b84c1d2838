// An internet-facing ALB in front of an Auto Scaling group of EC2 instances, scaling on requests
// per target, as in the ELBv2 module's README.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class WebFleetStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
    const asg = new autoscaling.AutoScalingGroup(this, 'Fleet', {
      vpc,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      minCapacity: 2,
      maxCapacity: 6,
    });
    const lb = new elbv2.ApplicationLoadBalancer(this, 'Lb', { vpc, internetFacing: true });
    const listener = lb.addListener('Http', { port: 80 });
    listener.addTargets('Fleet', { port: 80, targets: [asg], healthCheck: { path: '/health' } });
    asg.scaleOnRequestCount('Requests', { targetRequestsPerMinute: 600 });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new WebFleetStack(app, 'WebFleet', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
