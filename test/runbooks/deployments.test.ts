// The "Deployments and rollback" section of each stack's runbook: how its services, functions and
// groups roll back by themselves, the alarms to set as CloudFormation rollback triggers (at most
// five) with the command that sets them, and how to roll back by hand.
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { appIn, PRIMARY, section, synthRunbooks } from './helpers';

function service(stack: Stack, props: Partial<ecs.FargateServiceProps> = {}) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') });
  return new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, assignPublicIp: true, ...props });
}

const alarm = (stack: Stack, id: string, name?: string) =>
  new cw.Alarm(stack, id, { alarmName: name, metric: new cw.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization' }), threshold: 90, evaluationPeriods: 1 });

describe('runbook section "Deployments and rollback"', () => {
  test('an ECS service with a circuit breaker and deployment alarms: the composite alarm first, at most five triggers, the command that sets them', () => {
    const app = appIn();
    const stack = new Stack(app, 'Web', { env: PRIMARY });
    const alarms = [1, 2, 3, 4, 5].map((i) => alarm(stack, `A${i}`, `web-a${i}`));
    new cw.CompositeAlarm(stack, 'Health', { alarmRule: cw.AlarmRule.anyOf(...alarms) });
    service(stack, { circuitBreaker: { enable: true, rollback: true }, deploymentAlarms: { alarmNames: alarms.map((a) => a.alarmName) } });
    const md = section(synthRunbooks(app).get('Web.md')!, 'Deployments and rollback');
    expect(md).toContain('- ECS service `Service/Service`: the deployment circuit breaker stops a failing deployment and returns to the last task definition that worked; the deployment alarms `A1`, `A2`, `A3`, `A4`, `A5` roll it back while they fire.');
    const triggers = md.split('\n').filter((l) => /^- `.*` \((composite alarm|alarm)\)$/.test(l));
    expect(triggers).toEqual(['- `Health` (composite alarm)', '- `A1` (alarm)', '- `A2` (alarm)', '- `A3` (alarm)', '- `A4` (alarm)']);
    // the partition comes from the caller's identity, not a literal: the command works in aws-cn and aws-us-gov too
    expect(md).toContain('PARTITION=$(aws sts get-caller-identity --query Arn --output text | cut -d: -f2)');
    expect(md).not.toMatch(/^PARTITION=aws$/m);
    expect(md).toMatch(/--rollback-configuration "RollbackTriggers=\[\{Arn=arn:\$\{PARTITION\}:cloudwatch:\$\{REGION\}:\$\{ACCOUNT\}:alarm:\$\{ALARM_1\},Type=AWS::CloudWatch::CompositeAlarm\},.*\$\{ALARM_5\},Type=AWS::CloudWatch::Alarm\}\],MonitoringTimeInMinutes=15"/);
    expect(md).toMatch(/ALARM_1=\$\(aws cloudformation describe-stack-resource --region eu-west-1 --stack-name "\$\{STACK\}" --logical-resource-id Health[0-9A-F]{8} /);
    expect(md).toContain('aws ecs update-service --region eu-west-1 --cluster "${CLUSTER}" --service "${SERVICE}" --task-definition "${PREVIOUS}"');
  });

  test('what does not roll back is said in bold (a service without a circuit breaker, an alias moved all at once); a group\'s signalled rolling update; hand rollbacks per kind', () => {
    const app = appIn();
    const stack = new Stack(app, 'Fleet', { env: PRIMARY });
    service(stack);
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
    new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new autoscaling.AutoScalingGroup(stack, 'Group', {
      vpc: stack.node.findChild('Vpc') as ec2.Vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      instanceType: new ec2.InstanceType('t4g.small'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate(),
      signals: autoscaling.Signals.waitForMinCapacity({ timeout: Duration.minutes(10) }),
    });
    const md = section(synthRunbooks(app).get('Fleet.md')!, 'Deployments and rollback');
    expect(md).toContain('- ECS service `Service/Service`: **no circuit breaker**.');
    expect(md).toContain('- Lambda alias `Live` of `Fn`: moved to each new version **all at once** (no CodeDeploy group).');
    expect(md).toContain('- Auto Scaling group `Group/ASG`: a rolling update that waits for each new instance\'s signal');
    expect(md).toContain('None found: give the stack a composite alarm');
    expect(md).toContain('aws lambda update-alias --region eu-west-1 --function-name "${FUNCTION}" --name live --function-version \'<previous version>\'');
    expect(md).toContain('aws cloudformation cancel-update-stack --region eu-west-1 --stack-name Fleet');
  });

  test('a stack with nothing to deploy has no such section', () => {
    const app = appIn();
    new s3.Bucket(new Stack(app, 'Data', { env: PRIMARY }), 'Bucket');
    expect(section(synthRunbooks(app).get('Data.md') ?? '', 'Deployments and rollback')).toBe('');
  });
});

describe('rollback triggers in the report', () => {
  test('readiness-report.json lists them per stack and the Markdown shows them; a stack without any has no field', () => {
    const app = appIn();
    const web = new Stack(app, 'Web', { env: PRIMARY });
    const cpu = alarm(web, 'Cpu', 'web-cpu');
    new cw.CompositeAlarm(web, 'Health', { alarmRule: cw.AlarmRule.anyOf(cpu) });
    service(web, { circuitBreaker: { enable: true, rollback: true }, deploymentAlarms: { alarmNames: [cpu.alarmName] } });
    new s3.Bucket(new Stack(app, 'Data', { env: PRIMARY }), 'Bucket');
    synthRunbooks(app);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.json'), 'utf-8'));
    const byPath = new Map(report.stacks.map((s: any) => [s.path, s]));
    expect((byPath.get('Web') as any).rollbackTriggers).toEqual([
      { path: 'Web/Health/Resource', logicalId: expect.stringMatching(/^Health[0-9A-F]{8}$/), type: 'AWS::CloudWatch::CompositeAlarm' },
      { path: 'Web/Cpu/Resource', logicalId: expect.stringMatching(/^Cpu[0-9A-F]{8}$/), type: 'AWS::CloudWatch::Alarm' },
    ]);
    expect(byPath.get('Data')).not.toHaveProperty('rollbackTriggers');
    const md = fs.readFileSync(path.join(app.outdir, 'readiness-report.md'), 'utf-8');
    expect(md).toContain('## Rollback triggers');
    expect(md).toContain('| `Web` | `Web/Health/Resource` | AWS::CloudWatch::CompositeAlarm |');
  });
});
