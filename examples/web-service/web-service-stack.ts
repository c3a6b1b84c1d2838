// The workload of examples/before-audit, built the way we recommend: explicit environments,
// termination protection, RETAIN on every data store, and CrossRegionBackup protecting every
// data store with its DR companion in another region (backup-dr-stack.ts).
import { Duration, RemovalPolicy, Stack, StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import {
  AlarmSeverity, ApplicationLoadBalancing, CrossRegionBackup, EcsDeploymentSafety, EcsFailoverExperiments, EcsPredictiveMetric, EcsServiceScaling,
  EndpointCanary, ServiceMonitoring, VaultLock,
} from 'cdk-readiness';
import { Construct, IConstruct } from 'constructs';

/** The service's public name and its Route 53 zone: replace with yours (the certificate is validated in it). */
export const DOMAIN = { zoneName: 'example.com', hostedZoneId: 'Z0123456789EXAMPLE0000', serviceName: 'web.example.com' };

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
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: [`${this.region}a`, `${this.region}b`],
      natGateways: 2,
      // The default layout, with no public IP for whatever starts in a public subnet: only the load
      // balancer and the NAT gateways (Elastic IPs) live there.
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    Validations.of(vpc).acknowledge({
      id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      reason: 'Nothing uses the default security group: every network interface in this stack has a security group of its own. cdk.json turns @aws-cdk/aws-ec2:restrictDefaultSecurityGroup off because closing it takes a custom resource (a Lambda function) for a group no resource joins.',
    });
    for (const subnet of vpc.publicSubnets) {
      Validations.of(subnet).acknowledge({
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason: 'A public subnet: its default route to the internet gateway is what lets the internet-facing load balancer answer clients and the NAT gateways reach out; the service\'s tasks and the database are in the private subnets.',
      });
    }
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      // No desiredCount: WebScaling below keeps at least the profile's minimum (PROD: 2 tasks), and a
      // fixed desired count would reset the service to it on every deployment.
      // Every deployment keeps all tasks serving: new tasks start first (EcsDeploymentSafety checks it).
      minHealthyPercent: 100,
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
        containerPort: 80,
      },
      publicLoadBalancer: true,
      // HTTPS only: a DNS-validated certificate for the service's name, TLS 1.2+ and HTTP redirected to HTTPS.
      protocol: elbv2.ApplicationProtocol.HTTPS,
      domainName: DOMAIN.serviceName,
      domainZone: route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { zoneName: DOMAIN.zoneName, hostedZoneId: DOMAIN.hostedZoneId }),
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      redirectHTTP: true,
    });
    // The container: a memory hard limit, and a read-only root file system with writable scratch
    // volumes (task ephemeral storage) where nginx keeps its cache and pid file.
    const container = web.taskDefinition.defaultContainer!;
    for (const [name, containerPath] of [['nginx-cache', '/var/cache/nginx'], ['nginx-run', '/var/run']]) {
      web.taskDefinition.addVolume({ name });
      container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    }
    const taskDefinition = web.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    taskDefinition.addPropertyOverride('ContainerDefinitions.0.ReadonlyRootFilesystem', true);
    taskDefinition.addPropertyOverride('ContainerDefinitions.0.Memory', 1024);
    Validations.of(web.taskDefinition).acknowledge({
      id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check',
      reason: 'The sample image (nginx) starts as root to bind port 80 and drops its workers to the nginx user; your own image should set a non-root USER (and listen on a port above 1024).',
    });
    Validations.of(web.taskDefinition.executionRole!).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The ECS execution role aws-cdk-lib makes for the task: its one policy lets ECS pull the image and write the task\'s log group, and is created and deleted with the role.',
    });
    Validations.of(web.loadBalancer).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The internet-facing load balancer of a public web service: it accepts HTTPS (and HTTP, only redirected to HTTPS) from anyone; the WAF web ACL below filters the requests.',
    });
    // AWS managed rules in front of the service (common exploits and known bad inputs).
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'web-service', sampledRequestsEnabled: true },
      rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, priority) => ({
        name,
        priority,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      })),
    });
    Validations.of(webAcl).acknowledge({
      id: 'NIST.800.53.R5-WAFv2LoggingEnabled',
      reason: 'The web ACL publishes CloudWatch metrics and sampled requests per rule, and the load balancer\'s access logs record every request; full WAF request logs (an aws-waf-logs- destination, billed per request) are left to turn on when request-level forensics are needed.',
    });
    Validations.of(web.loadBalancer.node.findChild('PublicRedirectListener')).acknowledge({
      id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      reason: 'The plain-HTTP listener only answers with a permanent redirect to HTTPS (the listener with the ACM certificate); it serves no content.',
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: web.loadBalancer.loadBalancerArn, webAclArn: webAcl.attrArn });

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
      // Audit trail and diagnosis: the PostgreSQL log in CloudWatch Logs, OS metrics every minute,
      // and IAM database authentication for the application (no long-lived password in the tasks).
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.minutes(1),
      iamAuthentication: true,
    });
    database.secret?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const masterSecret = 'The master user\'s secret is the break-glass credential of the cluster (the application signs in with IAM database authentication); ';
    Validations.of(database.node.findChild('Secret')).acknowledge(
      { id: 'AwsSolutions-SMG4', reason: masterSecret + 'rotating it needs a rotation Lambda in the VPC, which this sample leaves to the operators\' rotation schedule (addRotationSingleUser).' },
      { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: masterSecret + 'rotating it needs a rotation Lambda in the VPC, which this sample leaves to the operators\' rotation schedule (addRotationSingleUser).' },
      { id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey', reason: masterSecret + 'it is encrypted with the account\'s AWS managed key for Secrets Manager, whose use only Secrets Manager in this account can request.' },
    );
    for (const instance of ['Writer', 'Reader']) {
      Validations.of(database.node.findChild(instance)).acknowledge({
        id: 'NIST.800.53.R5-RDSInBackupPlan',
        reason: 'An Aurora instance: AWS Backup protects Aurora per cluster (the Backup construct below selects the Database cluster), instances hold no data of their own.',
      });
    }
    Validations.of(database.node.findChild('MonitoringRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'AWS\'s managed policy for RDS enhanced monitoring: it lets RDS write OS metrics to the RDSOSMetrics log group only, and AWS keeps it current.',
    });

    new dynamodb.Table(this, 'Sessions', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const uploads = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Overwritten and deleted uploads stay restorable for 90 days.
      lifecycleRules: [{ id: 'expire-noncurrent-uploads', noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const uploadsReasons: Array<[string, string]> = [
      ['NIST.800.53.R5-S3BucketReplicationEnabled', 'Uploads are versioned and kept 90 days after an overwrite or delete; replicating them to the DR region needs a bucket there, which this sample does not have (add S3 replication when uploads are irreplaceable).'],
      ['cdk-validator-cfnguard::s3_event_notifications_enabled_check', 'Nothing in this sample reacts to a new upload; access is recorded by the server access logs and GuardDuty S3 protection.'],
      // Readiness-BAK1 asks a data bucket for a backup plan or versioning plus cross-region replication.
      ['cdk-readiness::Readiness-BAK1', 'Uploads are versioned and kept 90 days after an overwrite or delete (Readiness-BAK8), which covers the losses this sample expects; a copy in another region needs a bucket there (S3 replication) or an S3 selection in the backup plan: add one when uploads are irreplaceable.'],
      ['cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', 'Users delete and replace their uploads; object lock would keep every version for its retention, which is not what an upload store is for (versioning keeps 90 days of history).'],
    ];
    for (const [id, reason] of uploadsReasons) Validations.of(uploads).acknowledge({ id, reason });

    const deadLetters = new sqs.Queue(this, 'JobsDlq', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    Validations.of(deadLetters).acknowledge({ id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'This is the dead-letter queue of Jobs: a message that lands here is kept 14 days and alarmed on by ServiceMonitoring (SqsMessagesAtRisk), not passed on again.' });
    const jobs = new sqs.Queue(this, 'Jobs', {
      visibilityTimeout: Duration.minutes(5),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
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

    // ---- deployments that roll themselves back (issue 19) -------------------------------------
    // The deployment circuit breaker with rollback, and the service's critical alarms above (target
    // 5XX rate, no healthy hosts, no running tasks) as deployment alarms: a deployment that trips
    // one of them during the rollout or its bake time goes back to the last task definition.
    new EcsDeploymentSafety(this, 'WebDeploymentSafety', { service: web.service, monitoring });
    // ---- end of deployments ------------------------------------------------------------------

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
    const loadBalancing = new ApplicationLoadBalancing(this, 'WebLoadBalancing', {
      loadBalancer: web.loadBalancer,
      targetGroups: [web.targetGroup],
      // The sample nginx image serves only "/"; a real service checks its dependencies on /health.
      healthCheck: { path: '/' },
    });
    // The same log bucket keeps the uploads' server access logs and the VPC's flow logs.
    const logBucket = loadBalancing.accessLogsBucket;
    (uploads.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: logBucket.bucketName, logFilePrefix: 'uploads/' };
    logBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowUploadsServerAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logBucket.arnForObjects('uploads/*')],
      conditions: { ArnLike: { 'aws:SourceArn': uploads.bucketArn }, StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    vpc.addFlowLog('FlowLogs', { destination: ec2.FlowLogDestination.toS3(logBucket, 'vpc-flow-logs/') });
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
      url: `https://${DOMAIN.serviceName}/`,
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
