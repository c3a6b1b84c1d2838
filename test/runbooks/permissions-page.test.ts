// The "who can do what" page the runbooks carry (runbooks/permissions.md), on the flagship.
import { CfnResource, Stack } from 'aws-cdk-lib';
import { appIn, section, synthRunbooks } from './helpers';
import * as cdkJson from '../../examples/web-service/cdk.json';
import { buildWebServiceApp } from '../../examples/web-service/web-service-app';
import { verbOf } from '../../src/runbooks/render/permissions';

describe('runbooks/permissions.md of the flagship (examples/web-service)', () => {
  const app = appIn(cdkJson.context);
  buildWebServiceApp(app);
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);
  const files = synthRunbooks(app);
  const page = files.get('permissions.md') ?? '';

  test('is written beside the runbooks and linked from their index', () => {
    expect(page).toMatch(/^# Who can do what\n/);
    expect(files.get('README.md')).toContain('[permissions.md](permissions.md)');
  });

  test('has a section per stack with every role and resource policy of its template', () => {
    for (const stack of stacks) {
      const s = section(page, stack.stackName);
      expect(s).not.toBe('');
      const template = app.synth().getStackByName(stack.stackName).template;
      const counted = (type: string) => Object.values<any>(template.Resources).filter((r) => r.Type === type).length;
      expect((s.match(/^### Role /gm) ?? []).length).toBe(counted('AWS::IAM::Role'));
      expect((s.match(/^### Key policy of /gm) ?? []).length).toBe(counted('AWS::KMS::Key'));
      expect((s.match(/^### Topic policy of /gm) ?? []).length).toBe(counted('AWS::SNS::TopicPolicy'));
      expect((s.match(/^### Bucket policy of /gm) ?? []).length).toBe(counted('AWS::S3::BucketPolicy'));
    }
  });

  test('says in plain words what the Inspector enablement may write and the vault lets no one delete', () => {
    const security = section(page, stacks.find((s) => s.stackName === 'WebServiceSecurity')!.stackName);
    expect(security).toMatch(/\*\*May write, create, change or tag\*\*:\n(  - .*\n)*  - `ssm:PutParameter`.*parameter\/cdk-readiness\/inspector2-enablement\/\*/);
    expect(security).toMatch(/\*\*May delete or stop\*\*:\n(  - .*\n)*  - `ssm:DeleteParameter`/);
    const dr = section(page, 'WebServiceBackupDr');
    expect(dr).toMatch(/### Access policy of the backup vault[^\n]*\n\n[^\n]*\n\n- \*\*Denied\*\* to any AWS principal: `backup:DeleteRecoveryPoint`/);
    expect(dr).toMatch(/- \*\*Assumed by\*\*: the service `backup\.amazonaws\.com`/);
    expect(dr).toMatch(/\*\*May pass roles\*\*:\n(  - .*\n)*  - `iam:PassRole` on .*, if `iam:PassedToService` StringEquals `backup\.amazonaws\.com`/);
  });

  test('names every action by what it does', () => {
    expect(['iam:PassRole', 'kms:Decrypt', 'kms:GenerateDataKey*', 'ec2:DeleteVolume', 'ecs:StopTask', 's3:PutObject', 'backup:StartRestoreJob', 's3:GetObject', 'backup:ListRecoveryPointsByBackupVault', 'kms:*', 'sts:AssumeRole'].map(verbOf))
      .toEqual(['pass', 'decrypt', 'decrypt', 'delete', 'delete', 'write', 'write', 'read', 'read', 'delete', 'other']);
  });
});

describe('runbooks/permissions.md: which policies belong to a role', () => {
  const app = appIn();
  const stack = new Stack(app, 'Roles', { env: { account: '111111111111', region: 'eu-west-1' } });
  const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const doc = (action: string) => ({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const managed = new CfnResource(stack, 'Managed', { type: 'AWS::IAM::ManagedPolicy', properties: { PolicyDocument: doc('s3:GetObject') } });
  new CfnResource(stack, 'Loose', { type: 'AWS::IAM::ManagedPolicy', properties: { PolicyDocument: doc('sqs:GetQueueUrl') } });
  const first = new CfnResource(stack, 'First', {
    type: 'AWS::IAM::Role',
    properties: { AssumeRolePolicyDocument: trust, ManagedPolicyArns: [managed.ref] },
  });
  const second = new CfnResource(stack, 'Second', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: trust } });
  new CfnResource(stack, 'Shared', { type: 'AWS::IAM::Policy', properties: { PolicyName: 'shared', PolicyDocument: doc('dynamodb:GetItem'), Roles: [first.ref, second.ref] } });
  new CfnResource(stack, 'Own', { type: 'AWS::IAM::Policy', properties: { PolicyName: 'own', PolicyDocument: doc('sns:GetTopicAttributes'), Roles: [second.ref] } });
  const page = synthRunbooks(app).get('permissions.md') ?? '';
  const role = (id: string) => {
    const start = page.indexOf(`### Role \`<name of Roles/${id}>\``);
    return start < 0 ? '' : page.substring(start, page.indexOf('\n### ', start + 1));
  };

  test('a role gets the policies naming it in Roles and the managed policies it attaches by reference, in template order', () => {
    expect(role('First')).toMatch(/\*\*May read or list\*\*:\n  - `s3:GetObject` on `\*`\n  - `dynamodb:GetItem` on `\*`\n/);
    expect(role('First')).not.toMatch(/sns:GetTopicAttributes|sqs:GetQueueUrl/);
    expect(role('Second')).toMatch(/\*\*May read or list\*\*:\n  - `dynamodb:GetItem` on `\*`\n  - `sns:GetTopicAttributes` on `\*`\n/);
    expect(role('Second')).not.toMatch(/s3:GetObject|sqs:GetQueueUrl/);
  });

  test('a managed policy no role of the stack attaches is listed on its own, one attached is not', () => {
    expect(page).toMatch(/### Managed policy `<[^>]*Roles\/Loose>` \(for you to attach\)[\s\S]*`sqs:GetQueueUrl`/);
    expect(page).not.toMatch(/### Managed policy `<[^>]*Roles\/Managed>`/);
  });
});
