// A DynamoDB global table and the multi-region KMS key that encrypts it, two NestedStacks deep
// (Global → Data → Tables), as apps that split a big stack into nested ones write it.
import { App, NestedStack, NestedStackProps, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class TablesStack extends NestedStack {
  constructor(scope: Construct, id: string, props?: NestedStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'TableKey', { multiRegion: true, enableKeyRotation: true });
    new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key, { 'us-east-1': 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd' }),
      replicas: [{ region: 'us-east-1' }],
    });
    // The organization's plan backs up every table of the account: accepted, with the reason.
    Validations.of(this).acknowledge({ id: 'Readiness-BAK1', reason: 'Backed up by the organization-wide AWS Backup policy of the platform team' });
  }
}

class DataStack extends NestedStack {
  constructor(scope: Construct, id: string, props?: NestedStackProps) {
    super(scope, id, props);
    new TablesStack(this, 'Tables');
  }
}

class GlobalStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    new DataStack(this, 'Data');
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new GlobalStack(app, 'Global', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
