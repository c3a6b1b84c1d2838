// The workload of examples/before-audit as teams write it BEFORE a production-readiness audit:
// it works and it deploys. Every comment marked "audit:" names the gap and the Readiness rule that
// catches it. app.ts synthesizes it; before-audit.test.ts shows the checks in a unit test.
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class BeforeAuditStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      // One NAT gateway to save money: fine for dev, a single point of failure in prod.
      natGateways: 1,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });

    // audit: a single task and no scaling policy (SCL1/SCL2), round robin and an implicit health
    // check, no deletion protection or access logs on the load balancer (SCL3), no failover
    // experiment (SCL5), no alarms on the load balancer or its target group (MON1), no dashboard
    // (MON3) or anomaly detection (MON4), no latency alarm or canary on the public endpoint
    // (PRF1/PRF2), and a task log group that keeps its logs forever, unencrypted (MON5).
    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: 1,
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
        containerPort: 80,
      },
      publicLoadBalancer: true,
    });

    // Someone added a CPU alarm once, but never wired it to an SNS topic.
    // audit: the alarm fires into the void (MON2) and has no runbook link (DOC1).
    new cloudwatch.Alarm(this, 'WebCpuHigh', {
      metric: web.service.metricCpuUtilization({ period: Duration.minutes(5) }),
      threshold: 80,
      evaluationPeriods: 3,
      alarmDescription: 'Web service CPU above 80% for 15 minutes',
    });

    // Aurora PostgreSQL Serverless v2. The cluster's default removal policy is SNAPSHOT, but
    // audit: only the 1-day automated backups protect it: no backup plan, no cross-region copy,
    // no restore test (BAK1), no alarms (MON1), and a writer without a replica to fail over to (SCL2).
    new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_4,
      }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 4,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      defaultDatabaseName: 'app',
    });

    // audit: DESTROY copied from a dev stack deletes the table with the stack (STA5);
    // no point-in-time recovery or backup plan (BAK1), no throttling alarms (MON1).
    new dynamodb.Table(this, 'Sessions', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // audit: DESTROY on a bucket that holds user uploads (STA5). (Without autoDeleteObjects,
    // CloudFormation fails to delete a non-empty bucket, which is all that saves the data.)
    // No versioning, no backup plan, no copy in another region: an overwritten upload is gone (BAK1, BAK8).
    new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // A work queue with a dead-letter queue.
    // audit: nobody is told when messages land in the DLQ or the queue backs up (MON1).
    const deadLetters = new sqs.Queue(this, 'JobsDlq', {
      retentionPeriod: Duration.days(14),
    });
    new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: Duration.minutes(5),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
  }
}
