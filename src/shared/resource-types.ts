/**
 * Resource types that hold data: losing one loses data (rule STA5).
 */
export const STATEFUL_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::Neptune::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::EC2::Volume',
  'AWS::FSx::FileSystem',
  'AWS::KMS::Key',
  'AWS::Backup::BackupVault',
  'AWS::Cognito::UserPool',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::Kinesis::Stream',
];

/**
 * Data stores AWS Backup protects and every one of which must be in a backup plan (rule BAK1).
 */
export const BACKUP_PROTECTED_TYPES: readonly string[] = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::EFS::FileSystem',
  'AWS::EC2::Volume',
  'AWS::FSx::FileSystem',
  'AWS::DocDB::DBCluster',
  'AWS::Neptune::DBCluster',
];

/** What the cost estimate prices backups of: the types the backup rules judge, S3 buckets and EC2 instances (AMIs). */
export const COSTED_BACKUP_TYPES: readonly string[] = [...BACKUP_PROTECTED_TYPES, 'AWS::S3::Bucket', 'AWS::EC2::Instance'];

/**
 * Resources that serve traffic or process work and so need alarms of their own (rule MON1).
 */
export const MONITORABLE_TYPES: readonly string[] = [
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ECS::Service',
  'AWS::Lambda::Function',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::SQS::Queue',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::StepFunctions::StateMachine',
  'AWS::Neptune::DBCluster',
  'AWS::DocDB::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::Kinesis::Stream',
  'AWS::Events::Rule',
  'AWS::SNS::Topic',
  'AWS::CloudFront::Distribution',
  'AWS::EC2::Instance',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::EFS::FileSystem',
];

/**
 * An RDS/Aurora instance that belongs to a cluster: it keeps no data of its own (the cluster is
 * backed up) and its metrics are the cluster's. `properties` are a template's (PascalCase) or an
 * L1's as the CDK renders them (camelCase): both spellings are read.
 */
export function isClusterMember(type: string, properties: any): boolean {
  if (type !== 'AWS::RDS::DBInstance' || !properties || typeof properties !== 'object') return false;
  return (properties.DBClusterIdentifier ?? properties.dbClusterIdentifier) !== undefined;
}

/** What `ServiceMonitoring.monitorScope` picks up: the monitorable resources, and log groups (retention, encryption). */
export const MONITOR_SCOPE_TYPES: readonly string[] = [...MONITORABLE_TYPES, 'AWS::Logs::LogGroup'];

/**
 * The services of an app: what serves traffic or runs work, and so gets a dashboard (rule MON3)
 * and an anomaly-detection alarm on its key metric (rule MON4).
 */
export const SERVICE_TYPES: readonly string[] = [
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ECS::Service',
  'AWS::Lambda::Function',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::StepFunctions::StateMachine',
];

/** Entry points that need a p99 latency alarm, and resources that need X-Ray tracing (rule PRF1). */
export const PERFORMANCE_TYPES: readonly string[] = [
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::Lambda::Url',
  'AWS::Lambda::Function',
  'AWS::ApiGateway::Stage',
];
