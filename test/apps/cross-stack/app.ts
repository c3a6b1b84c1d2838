// Two stacks of one environment wired by reference (CDK turns them into exports and
// Fn::ImportValue): the data stack owns a table and a queue, the worker stack a function that
// reads the table and consumes the queue.
import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

const env = { account: '123456789012', region: 'eu-west-1' };

class DataStack extends Stack {
  public readonly table: dynamodb.Table;
  public readonly queue: sqs.Queue;
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.table = new dynamodb.Table(this, 'Items', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    this.queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.minutes(2) });
  }
}

interface WorkerStackProps extends StackProps {
  readonly table: dynamodb.ITable;
  readonly queue: sqs.IQueue;
}

class WorkerStack extends Stack {
  constructor(scope: Construct, id: string, props: WorkerStackProps) {
    super(scope, id, props);
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      timeout: Duration.seconds(60),
      environment: { TABLE_NAME: props.table.tableName },
    });
    props.table.grantReadWriteData(worker);
    worker.addEventSource(new sources.SqsEventSource(props.queue));
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  const data = new DataStack(app, 'Data', { env });
  new WorkerStack(app, 'Worker', { env, table: data.table, queue: data.queue });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
