// Environment-agnostic stacks (no env: one template for any account and region), with the DEV
// profile declared in cdk.json's context, as a team's sandbox app does.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ReadinessChecks } from '../../../src';

class UploadsStack extends Stack {
  public readonly topic: sns.Topic;
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'Uploads', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    this.topic = new sns.Topic(this, 'Uploaded');
  }
}

class HandlerStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    new lambda.Function(this, 'OnUpload', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    return event\n'),
    });
  }
}

export function build(): App {
  // cdk.json: { "context": { "readiness:profile": "dev" } }
  const app = new App({ context: { 'readiness:profile': 'dev' } });
  new UploadsStack(app, 'Uploads');
  new HandlerStack(app, 'Handlers');
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
