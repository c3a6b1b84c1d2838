// A stack that deploys an application from the AWS Serverless Application Repository (a nested
// stack whose template is not in the assembly) next to a function of its own.
import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sam from 'aws-cdk-lib/aws-sam';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class ThumbnailsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    new sam.CfnApplication(this, 'ImageMagickLayer', {
      location: {
        applicationId: 'arn:aws:serverlessrepo:us-east-1:145266761615:applications/image-magick-lambda-layer',
        semanticVersion: '1.0.0',
      },
    });
    new sam.CfnApplication(this, 'SlackNotifier', {
      location: {
        applicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/slack-notifier',
        semanticVersion: '2.1.0',
      },
      parameters: { Channel: '#alerts' },
    });
    new lambda.Function(this, 'Resize', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      timeout: Duration.seconds(30),
      logGroup: new logs.LogGroup(this, 'ResizeLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new ThumbnailsStack(app, 'Thumbnails', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
