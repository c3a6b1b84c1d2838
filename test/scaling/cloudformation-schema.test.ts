// aws-cdk-lib's built-in template validation (off in the other unit tests for speed) checks every
// property of every resource against the CloudFormation schema; with the feature flag
// `@aws-cdk/core:validateAgainstDefaultRules` its findings are errors, so synth fails on any.
import { App, CfnResource } from 'aws-cdk-lib';
import { everyConstruct } from './helpers';
import { ReadinessProfile } from '../../src';

function strictApp(): App {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  ReadinessProfile.PROD.applyTo(app);
  return app;
}

describe('templates of every construct are valid CloudFormation', () => {
  const previous = process.env.CDK_VALIDATION;
  beforeAll(() => { process.env.CDK_VALIDATION = 'true'; });
  afterAll(() => { process.env.CDK_VALIDATION = previous; });

  test('synth with schema validation as errors succeeds', () => {
    const { app } = everyConstruct(strictApp());
    expect(() => app.synth()).not.toThrow();
  });

  test('the same validation rejects an invalid property (it is really on)', () => {
    const { app, stack } = everyConstruct(strictApp());
    new CfnResource(stack, 'Invalid', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 'soon' } });
    expect(() => app.synth()).toThrow(/VisibilityTimeout/);
  });
});
