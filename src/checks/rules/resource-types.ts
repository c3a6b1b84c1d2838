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
