/**
 * The resource types `CrossRegionBackup` protects, named as AWS Backup names them in restore
 * testing selections (`ProtectedResourceType`) and Backup Audit Manager control scopes
 * (`ComplianceResourceTypes`).
 */
export enum ProtectedResourceType {
  /** Amazon Aurora DB clusters (`AWS::RDS::DBCluster` with an `aurora*` engine). */
  AURORA = 'Aurora',
  /** Amazon DocumentDB clusters (`AWS::DocDB::DBCluster`). */
  DOCUMENTDB = 'DocumentDB',
  /** Amazon DynamoDB tables (`AWS::DynamoDB::Table`, `AWS::DynamoDB::GlobalTable`). */
  DYNAMODB = 'DynamoDB',
  /** Amazon EBS volumes (`AWS::EC2::Volume`). */
  EBS = 'EBS',
  /** Amazon EFS file systems (`AWS::EFS::FileSystem`). */
  EFS = 'EFS',
  /** Amazon FSx file systems (`AWS::FSx::FileSystem`). */
  FSX = 'FSx',
  /** Amazon Neptune clusters (`AWS::Neptune::DBCluster`). */
  NEPTUNE = 'Neptune',
  /** Amazon RDS DB instances and Multi-AZ DB clusters (`AWS::RDS::DBInstance`, non-Aurora `AWS::RDS::DBCluster`). */
  RDS = 'RDS',
}

/**
 * One restore metadata override for restore tests of a resource type
 * (`RestoreMetadataOverrides` of `AWS::Backup::RestoreTestingSelection`).
 *
 * AWS Backup infers restore metadata for every type except FSx; override what it cannot infer in
 * your account (for example the DB subnet group when the default VPC was deleted). Keys are not
 * case-sensitive; see "Restore testing inferred metadata" in the AWS Backup Developer Guide.
 */
export class RestoreMetadataOverride {
  /**
   * Override one restore metadata key for restore tests of one resource type.
   *
   * @param resourceType the resource type the override applies to
   * @param key restore metadata key, e.g. `dbsubnetgroupname`, `vpcsecuritygroupids`, `subnetIds`
   * @param value the value; lists are JSON arrays, e.g. `["sg-0123"]`
   */
  public static of(resourceType: ProtectedResourceType, key: string, value: string): RestoreMetadataOverride {
    if (!key || !/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
      throw new Error(`RestoreMetadataOverride.of: invalid key ${JSON.stringify(key)}. Use a restore metadata key such as "dbsubnetgroupname" (letters and digits).`);
    }
    return new RestoreMetadataOverride(resourceType, key, value);
  }

  private constructor(
    /** The resource type the override applies to. */
    public readonly resourceType: ProtectedResourceType,
    /** Restore metadata key. */
    public readonly key: string,
    /** Value of the key. */
    public readonly value: string,
  ) {}
}
