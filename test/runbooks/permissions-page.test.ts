// The "who can do what" page the runbooks carry (runbooks/permissions.md), on the flagship.
import { Stack } from 'aws-cdk-lib';
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
