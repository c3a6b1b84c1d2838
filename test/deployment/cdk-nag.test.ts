import { App, CfnResource } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { webService } from './helpers';
import { AutoScalingGroupDeploymentSafety, EcsDeploymentSafety, LambdaDeploymentSafety } from '../../src';

/** Construct paths the deployment constructs create (the workload around them is the user's). */
const OURS = /^D\/(WebSafety|FnSafety|FleetSafety)\//;

function everything(): App {
  const { app, stack, web } = webService({ stackId: 'D' });
  const vpc = web.cluster.vpc;
  new EcsDeploymentSafety(stack, 'WebSafety', { service: web.service });
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
  new LambdaDeploymentSafety(stack, 'FnSafety', { lambdaFunction: fn });
  const fleet = new autoscaling.AutoScalingGroup(stack, 'Fleet', {
    vpc,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    minCapacity: 2,
    maxCapacity: 4,
  });
  new AutoScalingGroupDeploymentSafety(stack, 'FleetSafety', { autoScalingGroup: fleet });
  return app;
}

describe('the deployment constructs under cdk-nag', () => {
  const app = everything();
  const violations = (pack: AwsSolutionsChecks | NIST80053R5Checks) => pack.validateScope(app).violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
  ])('%s: no violation on what they create', (_name, pack) => {
    expect(violations(pack()).filter((line) => OURS.test(line.split(' ')[1]))).toEqual([]);
  });

  test('the packs judged our resources (the path filter is not empty)', () => {
    expect(app.node.findAll().filter((c) => CfnResource.isCfnResource(c) && OURS.test(c.node.path)).length).toBeGreaterThan(5);
  });
});
