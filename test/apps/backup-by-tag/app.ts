// An AWS Backup plan that protects what carries a tag, and a versioned S3 bucket that carries it
// (AWS Backup for S3 needs versioning), as the AWS Backup docs' tag-based selection shows.
import { App, RemovalPolicy, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class DocumentsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Documents', {
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(bucket).add('backup', 'daily');
    const plan = backup.BackupPlan.daily35DayRetention(this, 'Plan');
    plan.addSelection('Tagged', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new DocumentsStack(app, 'Documents', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
