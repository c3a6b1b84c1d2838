import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { BackupFailureAlerts, ForwardAlertsToOrganization, OrganizationAlertBus, StackSetStack } from '../../src';

const ORG = 'o-exampleorg1';
const BUS_ARN = 'arn:aws:events:eu-west-1:222222222222:event-bus/readiness-organization-alerts';

function toolingStack(app = new App()): Stack {
  return new Stack(app, 'Tooling', { env: { account: '222222222222', region: 'eu-west-1' } });
}

function alertBus(stack = toolingStack(), extra: Partial<{ eventBusName: string; runbookUrl: string }> = {}) {
  return new OrganizationAlertBus(stack, 'AlertBus', { organizationId: ORG, topic: new sns.Topic(stack, 'Incidents', { enforceSSL: true }), ...extra });
}


describe('OrganizationAlertBus', () => {
  test('the bus policy lets only principals of the organization put events, on this bus only', () => {
    const stack = toolingStack();
    alertBus(stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'readiness-organization-alerts' });
    const policies = t.findResources('AWS::Events::EventBusPolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    const statement = Object.values<any>(policies)[0].Properties.Statement;
    expect(statement).toEqual(expect.objectContaining({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AlertBus[0-9A-F]{8}$/), 'Arn'] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    }));
  });

  test('its rules on the bus publish alarms and backup job failures to the topic, with a dead-letter queue and retries', () => {
    const stack = toolingStack();
    alertBus(stack);
    const t = Template.fromStack(stack);
    const rules = Object.values<any>(t.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toEqual({ Ref: expect.stringMatching(/^AlertBus[0-9A-F]{8}$/) });
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: { Ref: expect.stringMatching(/^Incidents/) },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertBusDeliveryDlq/), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: Duration.hours(6).toSeconds() },
      })]);
    }
    expect(rules.map((r) => r.Properties.EventPattern.source)).toEqual([['aws.cloudwatch'], ['aws.backup']]);
    expect(rules[0].Properties.EventPattern.detail).toEqual({ state: { value: ['ALARM'] } });
    expect(rules[1].Properties.EventPattern['detail-type']).toEqual(['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change']);
    // The dead-letter queue's alarm notifies the topic.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Incidents') }] });
  });

  test('memberTargetArn is the literal ARN of the bus in the stack\'s account and region', () => {
    const bus = alertBus(toolingStack(), { eventBusName: 'org-alerts' });
    expect(Stack.of(bus).resolve(bus.memberTargetArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/org-alerts']] });
  });

  test('bad input is refused with the prop, the value and the fix', () => {
    expect(() => new OrganizationAlertBus(toolingStack(), 'Bus', { organizationId: 'org-1', topic: sns.Topic.fromTopicArn(new Stack(), 'T', 'arn:aws:sns:eu-west-1:222222222222:t') }))
      .toThrow(/organizationId.*org-1.*o-xxxxxxxxxx/s);
    expect(() => alertBus(toolingStack(), { eventBusName: 'bad name' })).toThrow(/eventBusName/);
    const agnostic = new Stack(new App(), 'Agnostic');
    expect(() => alertBus(agnostic)).toThrow(/explicit env/);
  });
});

describe('ForwardAlertsToOrganization', () => {
  function member(props: Partial<{ alarms: cloudwatch.IAlarm[]; forwardBackupJobFailures: boolean }> = {}) {
    const template = new StackSetStack('Member');
    new BackupFailureAlerts(template, 'FailureAlerts');
    const forward = new ForwardAlertsToOrganization(template, 'Forward', { eventBusArn: BUS_ARN, ...props });
    return { template, forward, t: Template.fromStack(template) };
  }
  const forwardingRules = (t: Template) => Object.entries<any>(t.findResources('AWS::Events::Rule')).filter(([id]) => id.startsWith('Forward'));

  test('forwards the state changes to ALARM of every alarm of the stack', () => {
    const { t } = member();
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailureAlertsDeliveryDlqAlarm'), 'Arn'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardDeliveryDlqAlarm'), 'Arn'] },
        ],
        'detail': { state: { value: ['ALARM'] } },
      },
    });
  });

  test('given alarms: those and its own dead-letter alarm only', () => {
    const template = new StackSetStack('Member');
    const metric = new cloudwatch.Metric({ namespace: 'N', metricName: 'M' });
    const chosen = new cloudwatch.Alarm(template, 'Chosen', { metric, threshold: 1, evaluationPeriods: 1 });
    new cloudwatch.Alarm(template, 'Other', { metric, threshold: 2, evaluationPeriods: 1 });
    new ForwardAlertsToOrganization(template, 'Forward', { eventBusArn: BUS_ARN, alarms: [chosen] });
    Template.fromStack(template).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        resources: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^Chosen'), 'Arn'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwardDeliveryDlqAlarm'), 'Arn'] },
        ],
      }),
    });
  });

  test('forwards AWS Backup job failures as BackupFailureAlerts matches them, unless turned off', () => {
    const { t } = member();
    const patterns = forwardingRules(t).map(([, r]) => r.Properties.EventPattern).filter((p) => p.source[0] === 'aws.backup');
    const local = Object.entries<any>(t.findResources('AWS::Events::Rule')).filter(([id]) => id.startsWith('FailureAlerts')).map(([, r]) => r.Properties.EventPattern);
    expect(patterns).toHaveLength(2);
    expect(patterns).toEqual(local);
    expect(forwardingRules(member({ forwardBackupJobFailures: false }).t)).toHaveLength(1);
  });

  test('every forwarding rule targets the central bus with the role, a dead-letter queue and retries', () => {
    const { t } = member();
    const rules = forwardingRules(t);
    expect(rules).toHaveLength(3);
    for (const [, rule] of rules) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: BUS_ARN,
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardRole/), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: Duration.hours(6).toSeconds() },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^ForwardDeliveryDlq/), 'Arn'] } },
      })]);
    }
  });

  test('the role may put events on the central bus only, and only EventBridge of this account assumes it', () => {
    const { t } = member();
    const policies = Object.values<any>(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN }]);
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^ForwardPutEventsPolicy') }] });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })],
      },
    });
    expect(t.findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('bad input is refused', () => {
    const template = new StackSetStack('Member');
    expect(() => new ForwardAlertsToOrganization(template, 'A', { eventBusArn: 'readiness-organization-alerts' })).toThrow(/eventBusArn.*memberTargetArn/s);
    expect(() => new ForwardAlertsToOrganization(template, 'B', { eventBusArn: BUS_ARN, alarms: [] })).toThrow(/alarms/);
  });
});

describe('both constructs under cdk-nag', () => {
  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
  ])('%s: no violation on what they create', (_name, pack) => {
    const app = new App();
    const tooling = toolingStack(app);
    const bus = new OrganizationAlertBus(tooling, 'AlertBus', { organizationId: ORG, topic: sns.Topic.fromTopicArn(tooling, 'T', 'arn:aws:sns:eu-west-1:222222222222:incidents') });
    const template = new StackSetStack('Member');
    new ForwardAlertsToOrganization(template, 'Forward', { eventBusArn: bus.memberTargetArn });
    const ours = (p: string) => /^(Tooling\/AlertBus|Member\/Forward)\//.test(p);
    const violations = [app, template.node.root].flatMap((root) => pack().validateScope(root as App).violations)
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
      .filter((line) => ours(line.split(' ')[1]));
    expect(violations).toEqual([]);
    expect(template.node.findAll().filter((c) => ours(`${c.node.path}/`)).length).toBeGreaterThan(5);
  });
});
