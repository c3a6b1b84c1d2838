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
  /** Default alarm of a DynamoDB table. */
  public static readonly DYNAMODB_SYSTEM_ERRORS = 'DynamoDbSystemErrors';
  /** Default alarm of a DynamoDB table. */
  public static readonly DYNAMODB_THROTTLES = 'DynamoDbThrottles';
  /** Anomaly-detection alarm of an ECS service. */
  public static readonly ECS_CPU_ANOMALY = 'EcsCpuAnomaly';
  /** Default alarm of an ECS service. */
  public static readonly ECS_CPU_UTILIZATION = 'EcsCpuUtilization';
  /** Default alarm of an ECS service. */
  public static readonly ECS_MEMORY_UTILIZATION = 'EcsMemoryUtilization';
  /** Default alarm of an ECS service. */
  public static readonly ECS_NO_RUNNING_TASKS = 'EcsNoRunningTasks';
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
  /** Default alarm of an RDS instance and RDS Multi-AZ DB cluster. */
  public static readonly RDS_CPU_UTILIZATION = 'RdsCpuUtilization';
  /** Default alarm of an RDS instance and RDS Multi-AZ DB cluster. */
  public static readonly RDS_FREE_STORAGE_SPACE = 'RdsFreeStorageSpace';
  /** Default alarm of an SQS dead-letter queue. */
  public static readonly SQS_DEAD_LETTER_MESSAGES = 'SqsDeadLetterMessages';
  /** Default alarm of an SQS queue. */
  public static readonly SQS_IN_FLIGHT_MESSAGES = 'SqsInFlightMessages';
  /** Default alarm of an SQS queue and SQS dead-letter queue. */
  public static readonly SQS_MESSAGES_AT_RISK = 'SqsMessagesAtRisk';
  /** Default alarm of an SQS queue. */
  public static readonly SQS_OLDEST_MESSAGE_AGE = 'SqsOldestMessageAge';
  /** Anomaly-detection alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTION_TIME_ANOMALY = 'StatesExecutionTimeAnomaly';
  /** Default alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTIONS_FAILED = 'StatesExecutionsFailed';
  /** Default alarm of a Step Functions state machine. */
  public static readonly STATES_EXECUTIONS_THROTTLED = 'StatesExecutionsThrottled';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_5XX_RATE = 'TargetGroup5xxRate';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_NO_HEALTHY_HOSTS = 'TargetGroupNoHealthyHosts';
  /** Default alarm of a target group. */
  public static readonly TARGET_GROUP_UNHEALTHY_HOSTS = 'TargetGroupUnhealthyHosts';

  private constructor() {}
}
