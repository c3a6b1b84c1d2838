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
  'AWS::SQS::Queue',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::StepFunctions::StateMachine',
];

/** An RDS/Aurora instance that belongs to a cluster keeps no data of its own. */
export function isClusterMember(type: string, properties: any): boolean {
  return type === 'AWS::RDS::DBInstance' && properties.DBClusterIdentifier !== undefined;
}

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
