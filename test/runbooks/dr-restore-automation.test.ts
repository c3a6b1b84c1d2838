// DrRestoreAutomation: the SSM Automation runbook that restores from the DR vault. The document is
// parsed as YAML (as SSM does) and every step, action, API and parameter is checked; the IAM is
// checked statement by statement; the embedded Python runs against a botocore Stubber when
// python3 with boto3 is installed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { parse } from 'yaml';
import { CrossRegionBackupDr, DrRestoreAutomation, ReadinessProfile } from '../../src';

const DR = { account: '111111111111', region: 'eu-central-1' };
/** The vault's name as the document holds it: a reference CloudFormation resolves. */
const VAULT_NAME = expect.stringMatching(/^<Vault\w+\.BackupVaultName>$/);

function drStack(): Stack {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return new Stack(app, 'Dr', { env: DR });
}

function automation(props: Partial<ConstructorParameters<typeof DrRestoreAutomation>[2]> = {}) {
  const stack = drStack();
  const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dr-vault' });
  const restore = new DrRestoreAutomation(stack, 'Restore', { backupVault: vault, ...props });
  return { stack, vault, restore, template: Template.fromStack(stack) };
}

/** The document content as SSM parses it: the YAML, with CloudFormation references as `<Ref:logicalId>`. */
function documentOf(template: Template): any {
  const [doc] = Object.values(template.findResources('AWS::SSM::Document')) as any[];
  const content = doc.Properties.Content;
  const parts: unknown[] = typeof content === 'string' ? [content] : content['Fn::Join'][1];
  const text = parts.map((p: any) => (typeof p === 'string' ? p : `<${p.Ref ?? p['Fn::GetAtt'].join('.')}>`)).join('');
  return parse(text);
}

function statementsOf(template: Template): any[] {
  const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('DR restore automation') } })) as any[];
  return policy.Properties.PolicyDocument.Statement;
}

describe('the SSM document', () => {
  test('is an Automation runbook in YAML, schema 0.3, named deterministically and updated in place as a new version', () => {
    const { template, restore } = automation();
    template.hasResourceProperties('AWS::SSM::Document', {
      DocumentType: 'Automation',
      DocumentFormat: 'YAML',
      UpdateMethod: 'NewVersion',
      Name: restore.documentName,
    });
    expect(restore.documentName).toMatch(/^DrRestore-Dr-Restore-[0-9A-F]{8}$/);
    expect(automation().restore.documentName).toBe(restore.documentName);
    const doc = documentOf(template);
    expect(doc.schemaVersion).toBe('0.3');
    expect(doc.assumeRole).toBe('{{ AutomationAssumeRole }}');
  });

  test('parameters: the resource or a recovery point, KEY=VALUE overrides, the restore role and the automation role (defaults: the construct\'s roles)', () => {
    const doc = documentOf(automation().template);
    expect(Object.keys(doc.parameters)).toEqual(['ResourceArn', 'RecoveryPointArn', 'MetadataOverrides', 'RestoreRoleArn', 'AutomationAssumeRole']);
    expect(doc.parameters.ResourceArn).toMatchObject({ type: 'String', default: '' });
    expect(doc.parameters.RecoveryPointArn).toMatchObject({ type: 'String', default: '' });
    expect(doc.parameters.MetadataOverrides).toMatchObject({ type: 'StringList', default: [] });
    expect(doc.parameters.RestoreRoleArn).toMatchObject({ type: 'String', default: expect.stringMatching(/^<RestoreRestoreRole\w+\.Arn>$/) });
    expect(doc.parameters.AutomationAssumeRole).toMatchObject({ type: 'String', default: expect.stringMatching(/^<RestoreAutomationRole\w+\.Arn>$/) });
    // The patterns accept what they must (and SSM checks the defaults against them at creation).
    const arnPattern = new RegExp(doc.parameters.ResourceArn.allowedPattern);
    expect(['', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders', 'arn:aws:rds:eu-west-1:111111111111:cluster:db', 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1']
      .every((v) => arnPattern.test(v))).toBe(true);
    expect(arnPattern.test('orders')).toBe(false);
    const pointPattern = new RegExp(doc.parameters.RecoveryPointArn.allowedPattern);
    expect(pointPattern.test('arn:aws:ec2:eu-central-1::snapshot/snap-0123456789abcdef0')).toBe(true);
    expect(pointPattern.test('arn:aws:backup:eu-central-1:111111111111:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45')).toBe(true);
    const rolePattern = new RegExp(doc.parameters.RestoreRoleArn.allowedPattern);
    expect(rolePattern.test('arn:aws:iam::111111111111:role/service-role/AWSBackupDefaultServiceRole')).toBe(true);
    expect(rolePattern.test('arn:aws:iam::111111111111:user/alice')).toBe(false);
  });

  test('steps: find the newest recovery point, read its metadata, prepare it, start the restore (idempotent), wait, assert COMPLETED, output the resource', () => {
    const doc = documentOf(automation().template);
    expect(doc.mainSteps.map((s: any) => [s.name, s.action])).toEqual([
      ['FindRecoveryPoint', 'aws:executeScript'],
      ['GetRestoreMetadata', 'aws:executeAwsApi'],
      ['PrepareMetadata', 'aws:executeScript'],
      ['StartRestoreJob', 'aws:executeAwsApi'],
      ['WaitForRestoreJob', 'aws:waitForAwsResourceProperty'],
      ['AssertRestoreCompleted', 'aws:assertAwsResourceProperty'],
      ['DescribeRestoredResource', 'aws:executeAwsApi'],
    ]);
    const step = (name: string) => doc.mainSteps.find((s: any) => s.name === name);
    expect(step('FindRecoveryPoint').inputs).toMatchObject({
      Runtime: 'python3.11',
      Handler: 'handler',
      InputPayload: { BackupVaultName: VAULT_NAME, ResourceArn: '{{ ResourceArn }}', RecoveryPointArn: '{{ RecoveryPointArn }}', Region: '{{ global:REGION }}' },
    });
    expect(step('FindRecoveryPoint').inputs.Script).toContain('list_recovery_points_by_backup_vault');
    expect(step('FindRecoveryPoint').outputs).toContainEqual({ Name: 'RecoveryPointArn', Selector: '$.Payload.RecoveryPointArn', Type: 'String' });
    expect(step('GetRestoreMetadata').inputs).toEqual({
      Service: 'backup', Api: 'GetRecoveryPointRestoreMetadata', BackupVaultName: VAULT_NAME, RecoveryPointArn: '{{ FindRecoveryPoint.RecoveryPointArn }}',
    });
    expect(step('GetRestoreMetadata').outputs).toEqual([{ Name: 'RestoreMetadata', Selector: '$.RestoreMetadata', Type: 'StringMap' }]);
    expect(step('PrepareMetadata').inputs.InputPayload).toMatchObject({
      Stored: '{{ GetRestoreMetadata.RestoreMetadata }}', Overrides: '{{ MetadataOverrides }}', ExecutionId: '{{ automation:EXECUTION_ID }}',
    });
    expect(step('StartRestoreJob').inputs).toEqual({
      Service: 'backup',
      Api: 'StartRestoreJob',
      RecoveryPointArn: '{{ FindRecoveryPoint.RecoveryPointArn }}',
      ResourceType: '{{ FindRecoveryPoint.ResourceType }}',
      IamRoleArn: '{{ RestoreRoleArn }}',
      Metadata: '{{ PrepareMetadata.Metadata }}',
      IdempotencyToken: '{{ automation:EXECUTION_ID }}',
    });
    expect(step('StartRestoreJob').outputs).toEqual([{ Name: 'RestoreJobId', Selector: '$.RestoreJobId', Type: 'String' }]);
    expect(step('WaitForRestoreJob')).toMatchObject({
      timeoutSeconds: 43200,
      inputs: { Service: 'backup', Api: 'DescribeRestoreJob', RestoreJobId: '{{ StartRestoreJob.RestoreJobId }}', PropertySelector: '$.Status', DesiredValues: ['COMPLETED', 'FAILED', 'ABORTED'] },
    });
    expect(step('AssertRestoreCompleted').inputs).toMatchObject({ Api: 'DescribeRestoreJob', PropertySelector: '$.Status', DesiredValues: ['COMPLETED'] });
    expect(step('DescribeRestoredResource')).toMatchObject({ isEnd: true, outputs: [{ Name: 'CreatedResourceArn', Selector: '$.CreatedResourceArn', Type: 'String' }] });
    expect(doc.outputs).toContain('DescribeRestoredResource.CreatedResourceArn');
    // Every step output another step uses exists, and every step aborts on failure.
    const outputs = new Set(doc.mainSteps.flatMap((s: any) => (s.outputs ?? []).map((o: any) => `${s.name}.${o.Name}`)));
    const references = [...JSON.stringify(doc.mainSteps).matchAll(/\{\{ (\w+)\.(\w+) \}\}/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(references.filter((r) => !outputs.has(r))).toEqual([]);
    expect(doc.outputs.filter((o: string) => !outputs.has(o))).toEqual([]);
    expect(doc.mainSteps.every((s: any) => s.onFailure === 'Abort')).toBe(true);
  });

  test('never deletes: no step calls a Delete/Update/Put API, and the scripts only list', () => {
    const doc = documentOf(automation().template);
    const apis = doc.mainSteps.map((s: any) => s.inputs.Api).filter((a: unknown) => a);
    expect(apis.filter((a: string) => !/^(Get|Start|Describe)/.test(a))).toEqual([]);
    const scripts = doc.mainSteps.map((s: any) => s.inputs.Script).filter((x: unknown) => x).join('\n');
    expect(scripts).not.toMatch(/delete_|update_|put_/);
  });

  test('restoreTimeout bounds the wait', () => {
    const doc = documentOf(automation({ restoreTimeout: Duration.hours(2) }).template);
    expect(doc.mainSteps.find((s: any) => s.name === 'WaitForRestoreJob').timeoutSeconds).toBe(7200);
  });
});

describe('IAM', () => {
  test('the automation role is assumed by Systems Manager of this account and region only', () => {
    const { template } = automation();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111111111111' },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-central-1:111111111111:automation-execution/*']] } },
          },
        }],
      },
    });
  });

  test('least privilege: read the DR vault, start and describe restore jobs, pass only the restore role, only to AWS Backup', () => {
    const { template } = automation();
    const statements = statementsOf(template);
    expect(statements).toEqual([
      {
        Sid: 'ReadTheVault',
        Effect: 'Allow',
        Action: ['backup:ListRecoveryPointsByBackupVault', 'backup:GetRecoveryPointRestoreMetadata'],
        Resource: [
          { 'Fn::GetAtt': [expect.stringMatching(/^Vault/), 'BackupVaultArn'] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:eu-central-1:111111111111:recovery-point:*']] },
        ],
      },
      { Sid: 'StartAndWatchRestoreJobs', Effect: 'Allow', Action: ['backup:StartRestoreJob', 'backup:DescribeRestoreJob'], Resource: '*' },
      {
        Sid: 'PassTheRestoreRoleToBackup',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^RestoreRestoreRole/), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
      },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/Delete|Update|Put|backup:\*/);
  });

  test('the default restore role is trusted by AWS Backup with the AWS managed restore policy; a given role is used instead', () => {
    const { template } = automation();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] }],
    });
    const stack = drStack();
    const role = iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::111111111111:role/restores');
    const given = new DrRestoreAutomation(stack, 'Restore', { backupVault: backup.BackupVault.fromBackupVaultName(stack, 'V', 'dr-vault'), restoreRole: role });
    expect(given.restoreRole).toBe(role);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    expect(documentOf(t).parameters.RestoreRoleArn.default).toBe('arn:aws:iam::111111111111:role/restores');
    expect(statementsOf(t)[2].Resource).toBe('arn:aws:iam::111111111111:role/restores');
  });

  test('grantStart: start this document, follow executions, pass the automation role to Systems Manager', () => {
    const stack = drStack();
    const restore = new DrRestoreAutomation(stack, 'Restore', { backupVault: backup.BackupVault.fromBackupVaultName(stack, 'V', 'dr-vault') });
    const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    restore.grantStart(operator);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Operator') }],
      PolicyDocument: {
        Statement: [
          { Action: 'ssm:StartAutomationExecution', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-central-1:111111111111:automation-definition/${restore.documentName}:*`]] } },
          { Action: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'], Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-central-1:111111111111:automation-execution/*']] } },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreAutomationRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test.each([['AwsSolutions', () => new AwsSolutionsChecks()], ['NIST 800-53 R5', () => new NIST80053R5Checks()]])('clean under cdk-nag %s', (_name, pack) => {
    const { stack } = automation();
    expect(pack().validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))).toEqual([]);
  });
});

describe('bad input', () => {
  const vaultIn = (stack: Stack) => backup.BackupVault.fromBackupVaultName(stack, 'V', 'dr-vault');
  test.each([
    ['a name with spaces', { documentName: 'dr restore' }, /invalid documentName "dr restore"/],
    ['a name SSM reserves', { documentName: 'AWS-RestoreMine' }, /invalid documentName "AWS-RestoreMine".*"aws", "amazon" or "amzn"/],
    ['a too short name', { documentName: 'dr' }, /invalid documentName "dr"/],
    ['a timeout over 48 hours', { restoreTimeout: Duration.hours(49) }, /invalid restoreTimeout 2 days 1 hour/],
    ['a timeout under a minute', { restoreTimeout: Duration.seconds(30) }, /invalid restoreTimeout 30 seconds/],
  ])('%s is rejected, naming the prop and the value', (_what, props, message) => {
    const stack = drStack();
    expect(() => new DrRestoreAutomation(stack, 'Restore', { backupVault: vaultIn(stack), ...props })).toThrow(message);
  });

  test('a missing vault is rejected', () => {
    const stack = drStack();
    expect(() => new DrRestoreAutomation(stack, 'Restore', {} as any)).toThrow(/DrRestoreAutomation 'Dr\/Restore': invalid backupVault undefined/);
  });
});

describe('CrossRegionBackupDr', () => {
  test('deploys one for its DR vault by default, restoring as the restore tests\' role', () => {
    const stack = drStack();
    const dr = new CrossRegionBackupDr(stack, 'BackupDr', { backupVaultName: 'dr-vault' });
    expect(dr.restoreAutomation).toBeInstanceOf(DrRestoreAutomation);
    expect(dr.restoreAutomation!.restoreRole).toBe(dr.restoreTesting!.role);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SSM::Document', 1);
    const doc = documentOf(t);
    expect(doc.mainSteps[1].inputs.BackupVaultName).toMatch(/^<BackupDrVault\w+\.BackupVaultName>$/);
    expect(doc.parameters.RestoreRoleArn.default).toMatch(/^<BackupDrRestoreTestingRole\w+\.Arn>$/);
  });

  test('enableRestoreAutomation: false leaves it out', () => {
    const stack = drStack();
    const dr = new CrossRegionBackupDr(stack, 'BackupDr', { enableRestoreAutomation: false });
    expect(dr.restoreAutomation).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SSM::Document', 0);
  });
});

// ---- the embedded Python, run as Automation runs it (python3.11 + boto3), AWS mocked by botocore's Stubber ----

/**
 * A Python 3 with boto3, as Automation's runtime has: the first of `python3` on the PATH and
 * Debian's (where .ci/run installs python3-boto3 when no Python has boto3). In CI the scripts'
 * tests must run, so a missing interpreter fails there instead of skipping.
 */
const PYTHON = ['python3', '/usr/bin/python3'].find((cmd) => spawnSync(cmd, ['-c', 'import boto3, botocore.stub'], { encoding: 'utf-8' }).status === 0);
if (!PYTHON && process.env.CI) {
  throw new Error('No python3 with boto3 (needed to test the DR restore automation scripts): install it, e.g. apt-get install python3-boto3.');
}

function runScript(script: string, harness: string): any {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-script-'));
  try {
    fs.writeFileSync(path.join(dir, 'step.py'), script);
    fs.writeFileSync(path.join(dir, 'harness.py'), harness);
    const run = spawnSync(PYTHON!, ['harness.py'], {
      cwd: dir,
      encoding: 'utf-8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    if (run.status !== 0) throw new Error(run.stderr || run.stdout);
    return JSON.parse(run.stdout.trim().split('\n').pop()!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const STUB_HARNESS = (responses: string, events: string) => `
import datetime, json, boto3, botocore.session
from botocore.stub import Stubber
real = botocore.session.get_session().create_client("backup", region_name="eu-central-1")
stubber = Stubber(real)
${responses}
stubber.activate()
boto3.client = lambda service, region_name=None: real
import step
try:
    out = step.handler(${events}, None)
    stubber.assert_no_pending_responses()
    print(json.dumps({"ok": out}))
except ValueError as e:
    print(json.dumps({"error": str(e)}))
`;

(PYTHON ? describe : describe.skip)('the scripts (python3 with boto3)', () => {
  const doc = documentOf(automation().template);
  const find = doc.mainSteps.find((s: any) => s.name === 'FindRecoveryPoint').inputs.Script;
  const prepare = doc.mainSteps.find((s: any) => s.name === 'PrepareMetadata').inputs.Script;
  const point = (id: string, day: number, status = 'COMPLETED') =>
    `{"RecoveryPointArn": "arn:aws:backup:eu-central-1:111111111111:recovery-point:${id}", "Status": "${status}", "ResourceType": "DynamoDB", ` +
    `"ResourceArn": "arn:aws:dynamodb:eu-west-1:111111111111:table/orders", "CreationDate": datetime.datetime(2025, 1, ${day}, tzinfo=datetime.timezone.utc)}`;
  const table = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';

  test('FindRecoveryPoint reads every page and picks the newest COMPLETED recovery point of the resource', () => {
    const result = runScript(find, STUB_HARNESS(`
stubber.add_response("list_recovery_points_by_backup_vault", {"RecoveryPoints": [${point('a', 3)}, ${point('b', 9, 'PARTIAL')}], "NextToken": "t1"}, {"BackupVaultName": "dr-vault", "ByResourceArn": "${table}"})
stubber.add_response("list_recovery_points_by_backup_vault", {"RecoveryPoints": [${point('c', 7)}, ${point('d', 1)}]}, {"BackupVaultName": "dr-vault", "ByResourceArn": "${table}", "NextToken": "t1"})
`, `{"BackupVaultName": "dr-vault", "ResourceArn": "${table}", "RecoveryPointArn": "", "Region": "eu-central-1"}`));
    expect(result).toEqual({
      ok: {
        RecoveryPointArn: 'arn:aws:backup:eu-central-1:111111111111:recovery-point:c',
        ResourceType: 'DynamoDB',
        ResourceArn: table,
        CreationDate: '2025-01-07T00:00:00+00:00',
      },
    });
  });

  test('FindRecoveryPoint checks a given recovery point is in the vault and completed, and says what is missing', () => {
    const given = (id: string) => `{"BackupVaultName": "dr-vault", "ResourceArn": "", "RecoveryPointArn": "arn:aws:backup:eu-central-1:111111111111:recovery-point:${id}", "Region": "eu-central-1"}`;
    const listing = `stubber.add_response("list_recovery_points_by_backup_vault", {"RecoveryPoints": [${point('a', 3)}, ${point('b', 9, 'EXPIRED')}]}, {"BackupVaultName": "dr-vault"})`;
    expect(runScript(find, STUB_HARNESS(listing, given('a'))).ok.RecoveryPointArn).toMatch(/:recovery-point:a$/);
    expect(runScript(find, STUB_HARNESS(listing, given('b'))).error).toMatch(/recovery-point:b is EXPIRED, not COMPLETED/);
    expect(runScript(find, STUB_HARNESS(listing, given('z'))).error).toMatch(/No recovery point .*recovery-point:z in backup vault dr-vault/);
    expect(runScript(find, STUB_HARNESS('', '{"BackupVaultName": "dr-vault", "ResourceArn": "", "RecoveryPointArn": "", "Region": "eu-central-1"}')).error)
      .toMatch(/Give ResourceArn .* or RecoveryPointArn/);
  });

  const prepareWith = (events: string) => runScript(prepare, `
import json, step
try:
    print(json.dumps({"ok": step.handler(${events}, None)}))
except ValueError as e:
    print(json.dumps({"error": str(e)}))
`);

  test('PrepareMetadata drops what names the primary region, adds what the DR restore needs, and lets overrides win (keys case-insensitive)', () => {
    const result = prepareWith(`{"Stored": {"DBClusterIdentifier": "orders-db", "Engine": "aurora-postgresql", "vpcSecurityGroupIds": "[\\"sg-eu-west-1\\"]", "DBSubnetGroupName": "eu-west-1-subnets", "AvailabilityZones": "[\\"eu-west-1a\\"]", "KmsKeyId": "arn:aws:kms:eu-west-1:111111111111:key/k"},
      "Overrides": ["DBSubnetGroupName=dr-subnets", "VpcSecurityGroupIds=[\\"sg-dr\\"]", "engine=aurora-postgresql"], "ResourceType": "Aurora", "ResourceArn": "arn:aws:rds:eu-west-1:111111111111:cluster:orders-db", "Region": "eu-central-1", "ExecutionId": "e-1"}`);
    expect(result).toEqual({ ok: { Metadata: { DBClusterIdentifier: 'orders-db', engine: 'aurora-postgresql', DBSubnetGroupName: 'dr-subnets', VpcSecurityGroupIds: '["sg-dr"]' } } });
  });

  test('PrepareMetadata: a DynamoDB restore keeps the table\'s name, an EFS restore always makes a new file system, an EBS one a zone of the region', () => {
    expect(prepareWith(`{"Stored": {}, "Overrides": [], "ResourceType": "DynamoDB", "ResourceArn": "${table}", "Region": "eu-central-1", "ExecutionId": "e-1"}`))
      .toEqual({ ok: { Metadata: { targetTableName: 'orders' } } });
    expect(prepareWith('{"Stored": {"file-system-id": "fs-1", "newFileSystem": "false"}, "Overrides": [], "ResourceType": "EFS", "ResourceArn": "x", "Region": "eu-central-1", "ExecutionId": "e-1"}'))
      .toEqual({ ok: { Metadata: { 'file-system-id': 'fs-1', 'newFileSystem': 'true', 'CreationToken': 'e-1', 'Encrypted': 'true' } } });
    expect(prepareWith('{"Stored": {"volumeType": "gp3"}, "Overrides": [], "ResourceType": "EBS", "ResourceArn": "x", "Region": "eu-central-1", "ExecutionId": "e-1"}'))
      .toEqual({ ok: { Metadata: { volumeType: 'gp3', availabilityZone: 'eu-central-1a' } } });
    expect(prepareWith('{"Stored": {}, "Overrides": ["no-equals-sign"], "ResourceType": "RDS", "ResourceArn": "x", "Region": "eu-central-1", "ExecutionId": "e-1"}').error)
      .toMatch(/MetadataOverrides entry 'no-equals-sign' is not KEY=VALUE/);
  });
});
