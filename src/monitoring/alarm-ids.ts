/**
 * Ids of the default alarms of `ServiceMonitoring`: the keys of `alarmOverrides`, and the ids
 * `MonitoredResource.alarm(id)` finds. Using these instead of strings lets the compiler (in every
 * jsii language) catch a misspelled id.
 *
 * ```ts
 * new ServiceMonitoring(this, 'Monitoring', {
 *   alarmOverrides: { [AlarmIds.LAMBDA_ERROR_RATE]: { threshold: 2 } },
 * });
 * ```
 */
export class AlarmIds {
  /** Default alarm of an Application Load Balancer. */
  public static readonly ALB_5XX_RATE = 'Alb5xxRate';
  /** Default alarm of an Application Load Balancer. */
  public static readonly ALB_LATENCY_P99 = 'AlbLatencyP99';
  /** Default alarm of an Application Load Balancer. */
  public static readonly ALB_REJECTED_CONNECTIONS = 'AlbRejectedConnections';
  /** Anomaly-detection alarm of an Application Load Balancer. */
  public static readonly ALB_REQUEST_COUNT_ANOMALY = 'AlbRequestCountAnomaly';
  /** Default alarm of a REST API and HTTP API. */
  public static readonly API_GATEWAY_5XX_RATE = 'ApiGateway5xxRate';
  /** Anomaly-detection alarm of a REST API and HTTP API. */
  public static readonly API_GATEWAY_COUNT_ANOMALY = 'ApiGatewayCountAnomaly';
  /** Default alarm of a REST API and HTTP API. */
  public static readonly API_GATEWAY_LATENCY_P99 = 'ApiGatewayLatencyP99';
  /** Default alarm of an Aurora cluster. */
  public static readonly AURORA_ACU_UTILIZATION = 'AuroraAcuUtilization';
  /** Default alarm of an Aurora cluster. */
  public static readonly AURORA_CPU_UTILIZATION = 'AuroraCpuUtilization';
  /** Default alarm of an Auto Scaling group. */
  public static readonly AUTO_SCALING_STATUS_CHECK_FAILED = 'AutoScalingStatusCheckFailed';
  /** Default alarm of a CloudFront distribution. */
  public static readonly CLOUDFRONT_5XX_ERROR_RATE = 'CloudFront5xxErrorRate';
  /** Default alarm of a DocumentDB cluster. */
  public static readonly DOCDB_CPU_UTILIZATION = 'DocDbCpuUtilization';
  /** Default alarm of a DynamoDB table. */
  public static readonly DYNAMODB_SYSTEM_ERRORS = 'DynamoDbSystemErrors';
  /** Default alarm of a DynamoDB table. */
  public static readonly DYNAMODB_THROTTLES = 'DynamoDbThrottles';
  /** Default alarm of an EC2 instance. */
  public static readonly EC2_STATUS_CHECK_FAILED = 'Ec2StatusCheckFailed';
  /** Anomaly-detection alarm of an ECS service. */
  public static readonly ECS_CPU_ANOMALY = 'EcsCpuAnomaly';
  /** Default alarm of an ECS service. */
  public static readonly ECS_CPU_UTILIZATION = 'EcsCpuUtilization';
  /** Default alarm of an ECS service. */
  public static readonly ECS_MEMORY_UTILIZATION = 'EcsMemoryUtilization';
  /** Default alarm of an ECS service. */
  public static readonly ECS_NO_RUNNING_TASKS = 'EcsNoRunningTasks';
  /** Default alarm of an EFS file system (bursting throughput). */
  public static readonly EFS_BURST_CREDIT_BALANCE = 'EfsBurstCreditBalance';
  /** Default alarm of an EFS file system (General Purpose performance mode). */
  public static readonly EFS_PERCENT_IO_LIMIT = 'EfsPercentIoLimit';
  /** Default alarm of an ElastiCache Memcached cluster. */
  public static readonly ELASTICACHE_CPU_UTILIZATION = 'ElastiCacheCpuUtilization';
  /** Default alarm of an ElastiCache (Redis OSS, Valkey) replication group or cluster. */
  public static readonly ELASTICACHE_ENGINE_CPU_UTILIZATION = 'ElastiCacheEngineCpuUtilization';
  /** Default alarm of an ElastiCache (Redis OSS, Valkey) replication group or cluster. */
  public static readonly ELASTICACHE_MEMORY_USAGE = 'ElastiCacheMemoryUsage';
  /** Default alarm of an ElastiCache Memcached cluster. */
  public static readonly ELASTICACHE_SWAP_USAGE = 'ElastiCacheSwapUsage';
  /** Default alarm of an EventBridge rule. */
  public static readonly EVENTS_FAILED_INVOCATIONS = 'EventsFailedInvocations';
  /** Default alarm of a Kinesis data stream. */
  public static readonly KINESIS_ITERATOR_AGE = 'KinesisIteratorAge';
  /** Default alarm of a Kinesis data stream. */
  public static readonly KINESIS_READ_THROTTLES = 'KinesisReadThrottles';
  /** Default alarm of a Kinesis data stream. */
  public static readonly KINESIS_WRITE_THROTTLES = 'KinesisWriteThrottles';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_CONCURRENCY = 'LambdaConcurrency';
  /** Anomaly-detection alarm of a Lambda function. */
  public static readonly LAMBDA_DURATION_ANOMALY = 'LambdaDurationAnomaly';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_DURATION_P99 = 'LambdaDurationP99';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_ERROR_RATE = 'LambdaErrorRate';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_THROTTLES = 'LambdaThrottles';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_URL_5XX_RATE = 'LambdaUrl5xxRate';
  /** Default alarm of a Lambda function. */
  public static readonly LAMBDA_URL_LATENCY_P99 = 'LambdaUrlLatencyP99';
  /** Default alarm of a Neptune cluster. */
  public static readonly NEPTUNE_CPU_UTILIZATION = 'NeptuneCpuUtilization';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_AUTOMATED_SNAPSHOT_FAILURE = 'OpenSearchAutomatedSnapshotFailure';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_CLUSTER_RED = 'OpenSearchClusterRed';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_CPU_UTILIZATION = 'OpenSearchCpuUtilization';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_FREE_STORAGE_SPACE = 'OpenSearchFreeStorageSpace';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_JVM_MEMORY_PRESSURE = 'OpenSearchJvmMemoryPressure';
  /** Default alarm of an OpenSearch domain. */
  public static readonly OPENSEARCH_WRITES_BLOCKED = 'OpenSearchWritesBlocked';
  /** Default alarm of an RDS instance and RDS Multi-AZ DB cluster. */
  public static readonly RDS_CPU_UTILIZATION = 'RdsCpuUtilization';
  /** Default alarm of an RDS instance and RDS Multi-AZ DB cluster. */
  public static readonly RDS_FREE_STORAGE_SPACE = 'RdsFreeStorageSpace';
  /** Default alarm of an SNS topic. */
  public static readonly SNS_NOTIFICATIONS_FAILED = 'SnsNotificationsFailed';
  /** Default alarm of an SQS dead-letter queue. */
  public static readonly SQS_DEAD_LETTER_MESSAGES = 'SqsDeadLetterMessages';
  /** Default alarm of an SQS queue. */
  public static readonly SQS_IN_FLIGHT_MESSAGES = 'SqsInFlightMessages';
  /** Default alarm of an SQS queue and SQS dead-letter queue. */
  public static readonly SQS_MESSAGES_AT_RISK = 'SqsMessagesAtRisk';
  /** Default alarm of an SQS queue. */
  public static readonly SQS_OLDEST_MESSAGE_AGE = 'SqsOldestMessageAge';
  /** Default alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTIONS_FAILED = 'StatesExecutionsFailed';
  /** Default alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTIONS_THROTTLED = 'StatesExecutionsThrottled';
  /** Anomaly-detection alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTION_TIME_ANOMALY = 'StatesExecutionTimeAnomaly';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_5XX_RATE = 'TargetGroup5xxRate';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_NO_HEALTHY_HOSTS = 'TargetGroupNoHealthyHosts';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_UNHEALTHY_HOSTS = 'TargetGroupUnhealthyHosts';

  private constructor() {}
}
