// The workload of examples/before-audit, built the way we recommend: explicit environments,
// termination protection, RETAIN on every data store, and CrossRegionBackup protecting every
// data store with its DR companion in another region (backup-dr-stack.ts).
import { Duration, RemovalPolicy, Stack, StackProps, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AlarmSeverity, ApplicationLoadBalancing, CrossRegionBackup, EcsFailoverExperiments, EcsPredictiveMetric, EcsServiceScaling, EndpointCanary,
  ServiceMonitoring, VaultLock,
} from 'cdk-readiness';
import { Construct, IConstruct } from 'constructs';

export interface WebServiceStackProps extends StackProps {
  /** ARN of the DR vault made by BackupDrStack: a plain string, never a cross-region reference. */
  readonly drVaultArn: string;
  /** The DR vault's lock, so copy retention is checked against it when this stack is built. */
  readonly drVaultLock: VaultLock;
}

export class WebServiceStack extends Stack {
  /** ARN of the primary backup vault, a plain string the DR stack's verifier reads. */
  public readonly backupVaultArn: string;

  constructor(scope: Construct, id: string, props: WebServiceStackProps) {
    super(scope, id, props);

    // Explicit AZs (the account lookup result is pinned in cdk.json context, so synth needs no
    // credentials) and a NAT gateway per AZ: no single point of failure.
    const vpc = new ec2.Vpc(this, 'Vpc', { availabilityZones: [`${this.region}a`, `${this.region}b`], natGateways: 2 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      // No desiredCount: WebScaling below keeps at least the profile's minimum (PROD: 2 tasks), and a
      // fixed desired count would reset the service to it on every deployment.
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
        containerPort: 80,
      },
      publicLoadBalancer: true,
    });

    const database = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true })],
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 4,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      defaultDatabaseName: 'app',
      storageEncrypted: true,
      deletionProtection: true,
      backup: { retention: Duration.days(35) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    database.secret?.applyRemovalPolicy(RemovalPolicy.RETAIN);

    new dynamodb.Table(this, 'Sessions', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const deadLetters = new sqs.Queue(this, 'JobsDlq', { retentionPeriod: Duration.days(14), enforceSSL: true });
    const jobs = new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: Duration.minutes(5),
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });

    // ---- monitoring (issue 6) ----------------------------------------------------------------
    // Vetted default alarms for the load balancer, target group, ECS service, Aurora, DynamoDB and
    // both queues, routed by severity to encrypted topics (AlarmRouting), anomaly detection on the
    // service's key metrics, one dashboard, one composite alarm that pages for the critical ones,
    // runbook text in every alarm (linked to its section of the generated runbook: see
    // Runbook.publishAt in web-service-app.ts), and the task log group kept for the profile's
    // retention under a customer managed key. Subscribe your paging tool to the critical topic.
    const monitoring = new ServiceMonitoring(this, 'Monitoring', {
      serviceName: 'web-service',
      compositeAlarm: true,
      anomalyDetection: { metricTimeZone: 'Europe/Dublin' },
      alarmOverrides: {
        // Sessions are on the request path: throttling is user-facing here.
        DynamoDbThrottles: { severity: AlarmSeverity.CRITICAL },
      },
    });
    const monitored = monitoring.monitorScope(this);
    // ---- end of monitoring -------------------------------------------------------------------

    // --- Scaling & failover (cdk-readiness issue 7) ------------------------------------------
    // Auto scaling from the profile's minimum (PROD: 2 tasks across the two zones) to 10 tasks:
    // target tracking on CPU and on requests per task, step scaling on the Jobs backlog per task,
    // a weekday-morning floor, a predictive forecast, and an alarm at the maximum.
    new EcsServiceScaling(this, 'WebScaling', {
      service: web.service,
      maxCapacity: 10,
      targetCpuUtilizationPercent: 60,
      requestCount: { targetGroup: web.targetGroup, requestsPerTarget: 1000 },
      queueBacklog: { queue: jobs, acceptableBacklogPerTask: 100 },
      // Business hours of the service's users, in their time zone (cron schedules are UTC otherwise).
      schedules: [
        { id: 'WeekdayMornings', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '30' }), minCapacity: 4, timeZone: TimeZone.EUROPE_DUBLIN },
        { id: 'WeekdayEvenings', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '20', minute: '0' }), minCapacity: 2, timeZone: TimeZone.EUROPE_DUBLIN },
      ],
      predictive: { metric: EcsPredictiveMetric.CPU_UTILIZATION, targetValue: 60 },
      runbookUrl: 'https://runbooks.example.com/web-service/capacity',
    });
    // Least outstanding requests, an explicit health check, a short deregistration delay, and the
    // load balancer's deletion protection, invalid-header dropping and access logs.
    new ApplicationLoadBalancing(this, 'WebLoadBalancing', {
      loadBalancer: web.loadBalancer,
      targetGroups: [web.targetGroup],
      // The sample nginx image serves only "/"; a real service checks its dependencies on /health.
      healthCheck: { path: '/' },
    });
    // Failover exercised with AWS FIS: stop half the tasks, or take out a zone; both stop as soon as
    // one of the service's critical alarms from ServiceMonitoring above fires (no healthy target,
    // target 5XX above 5 %, no running task), so the experiments add no alarms of their own.
    const monitoredAlarm = (resource: IConstruct, alarmId: string) => {
      const alarm = monitored.find((m) => m.resource === resource.node.defaultChild)?.alarm(alarmId);
      if (!alarm) throw new Error(`ServiceMonitoring made no ${alarmId} alarm for ${resource.node.path}`);
      return alarm;
    };
    new EcsFailoverExperiments(this, 'WebFailover', {
      service: web.service,
      stopConditionAlarms: [
        monitoredAlarm(web.targetGroup, 'TargetGroupNoHealthyHosts'),
        monitoredAlarm(web.targetGroup, 'TargetGroup5xxRate'),
        monitoredAlarm(web.service, 'EcsNoRunningTasks'),
      ],
      azPowerInterruption: { vpc, availabilityZone: `${this.region}a` },
      runbookUrl: 'https://runbooks.example.com/web-service/failover-test',
    });
    // Performance regression testing: a canary on the public endpoint with a latency alarm.
    new EndpointCanary(this, 'WebCanary', {
      url: `http://${web.loadBalancer.loadBalancerDnsName}/`,
      latencyThreshold: Duration.seconds(2),
      runbookUrl: 'https://runbooks.example.com/web-service/latency',
    });
    // --- end of scaling & failover -----------------------------------------------------------

    // Daily (continuous where supported) and monthly backups from the profile, copied to the DR
    // vault, vault-locked, restore-tested weekly, audited by Backup Audit Manager, failures alerted.
    const backup = new CrossRegionBackup(this, 'Backup', {
      drVaultArn: props.drVaultArn,
      drVaultLock: props.drVaultLock,
      runbookUrl: 'https://runbooks.example.com/web-service/backup-failure',
    });
    backup.protectScope(this);
    this.backupVaultArn = backup.vault.backupVaultArn;
  }
}
