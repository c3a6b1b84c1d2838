// Environment-agnostic stacks (no env: one template for any account and region), with the DEV
// profile declared in cdk.json's context, as a team's sandbox app does. Both stacks run code:
// a function on the bucket's notifications, and one subscribed to the topic of the other stack.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ReadinessChecks } from '../../../src';

const code = lambda.Code.fromInline('def handler(event, context):\n    return event\n');

class UploadsStack extends Stack {
  public readonly topic: sns.Topic;
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const bucket = new s3.Bucket(this, 'Uploads', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    const thumbnail = new lambda.Function(this, 'Thumbnail', { runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(thumbnail));
    this.topic = new sns.Topic(this, 'Uploaded');
  }
}

interface HandlerStackProps extends StackProps {
  readonly topic: sns.ITopic;
}

class HandlerStack extends Stack {
  constructor(scope: Construct, id: string, props: HandlerStackProps) {
    super(scope, id, props);
    const fn = new lambda.Function(this, 'OnUpload', { runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code });
    props.topic.addSubscription(new subscriptions.LambdaSubscription(fn));
  }
}

export function build(): App {
  // cdk.json: { "context": { "readiness:profile": "dev" } }
  const app = new App({ context: { 'readiness:profile': 'dev' } });
  const uploads = new UploadsStack(app, 'Uploads');
  new HandlerStack(app, 'Handlers', { topic: uploads.topic });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
