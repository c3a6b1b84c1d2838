// The runbooks ReadinessChecks writes into the cloud assembly, checked against the apps they come
// from: hand-written L1/L2 resources and this library's constructs, section by section.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack, Stage } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ACCOUNT, appIn, DR, handWrittenDr, PRIMARY, section, synthRunbooks } from './helpers';
import {
  AlarmRouting, AlarmSeverity, CrossRegionBackup, CrossRegionBackupDr, RemoteStateBackend, RemoteStateReplica, Runbook, RunbookSection,
  SecurityIncidentRouting, StateLocking, StateReplicaDestination,
} from '../../src';

/** No template JSON leaks into a runbook: deploy-time values are placeholders or shell lookups. */
function expectNoRawTemplate(markdown: string): void {
  expect(markdown).not.toMatch(/"?(Fn::[A-Za-z]+|Ref)"?\s*:/);
  expect(markdown).not.toContain('${Token[');
}

describe('alarms', () => {
  function shop() {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const queue = new sqs.Queue(stack, 'Orders');
    const backlog = queue.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'OrdersBacklog', {
      alarmName: 'orders-backlog',
      threshold: 900,
      evaluationPeriods: 3,
      alarmDescription: `Orders in ${queue.queueName} wait too long. Runbook: 1) check the consumers run; 2) scale out the workers. https://runbooks.example.com/orders`,
    });
    AlarmRouting.of(stack).route(backlog, AlarmSeverity.CRITICAL);
    const quiet = queue.metricNumberOfMessagesSent().createAlarm(stack, 'Quiet', { threshold: 1, evaluationPeriods: 1 });
    const composite = new cw.CompositeAlarm(stack, 'ShopDown', {
      alarmRule: cw.AlarmRule.anyOf(cw.AlarmRule.fromAlarm(quiet, cw.AlarmState.ALARM)),
      alarmDescription: 'The shop is down. Runbook: https://runbooks.example.com/shop',
    });
    AlarmRouting.of(stack).route(composite, AlarmSeverity.WARNING);
    new cw.Dashboard(stack, 'Board', { dashboardName: 'shop', widgets: [[new cw.AlarmStatusWidget({ alarms: [backlog] })]] });
    Runbook.addEntry(backlog, { section: RunbookSection.ALARMS, title: 'Drain the backlog', steps: ['Start two more workers'] });
    return { app, stack, backlog, md: synthRunbooks(app).get('Shop.md')! };
  }

  test('each alarm: meaning and numbered first checks from its description, name, metric, topic and severity, dashboard, runbook page', () => {
    const { md, backlog } = shop();
    const alarms = section(md, 'Alarms');
    const anchor = Runbook.alarmAnchor(backlog);
    expect(anchor).toBe('alarm-shop-ordersbacklog');
    expect(alarms).toContain(`| [OrdersBacklog](#${anchor}) | Critical | \`Shop/Orders\` |`);
    expect(alarms).toContain(`### <a id="${anchor}"></a>OrdersBacklog`);
    // A token in the description is named after its resource, never shown as JSON.
    expect(alarms).toContain('**What it means:** Orders in `<name of Shop/Orders>` wait too long.');
    expect(alarms).toContain('1. Check the consumers run\n2. Scale out the workers');
    expect(alarms).toContain('- Alarm name: `orders-backlog`\n');
    expect(alarms).toContain('- Metric: AWS/SQS ApproximateAgeOfOldestMessage (Maximum) >= 900 for 3 periods of 300 s'.replace('>=', '≥'));
    expect(alarms).toContain('- Notifies: Critical SNS topic `Shop/ReadinessAlarmRouting/CriticalTopic`; also when it returns to OK');
    expect(alarms).toContain('- Dashboard: [`shop`](https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/shop)');
    expect(alarms).toContain('- Runbook page: https://runbooks.example.com/orders');
    expect(alarms).toContain('--alarm-name \'orders-backlog\' --history-item-type StateUpdate');
    expect(alarms).toContain('- Console: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/orders-backlog');
    // The entry a construct (or the user) added to the alarm is shown with it.
    expect(alarms).toMatch(new RegExp(`${anchor}[\\s\\S]*#### Drain the backlog\\n\\n1\\. Start two more workers`));
    expectNoRawTemplate(md);
  });

  test('an alarm without actions reached through a composite, a composite alarm, an alarm with no runbook text and a generated name', () => {
    const { md } = shop();
    const quiet = md.substring(md.indexOf('<a id="alarm-shop-quiet">'));
    expect(quiet).toContain('**First checks:** none written down: the alarm\'s description has no `Runbook:` part (rule Readiness-DOC1).');
    expect(quiet).toMatch(/- Alarm name: `<name of Shop\/Quiet>` \(find it: `aws cloudformation describe-stack-resource --region eu-west-1 --stack-name Shop --logical-resource-id Quiet\w+ --query StackResourceDetail.PhysicalResourceId --output text`\)/);
    expect(quiet).toContain('- Notifies: combined into composite alarm [ShopDown](#alarm-shop-shopdown), which notifies Warning topic');
    expect(section(md, 'Alarms')).toContain('| [Quiet](#alarm-shop-quiet) | Warning (through a composite) |');
    expect(section(md, 'Alarms')).toContain('| [ShopDown](#alarm-shop-shopdown) | Warning | composite |');
  });

  test('Runbook.alarmUrl points at the entry where the runbooks are published; a bad base URL is rejected', () => {
    const { backlog } = shop();
    expect(Runbook.alarmUrl(backlog, 'https://runbooks.example.com/app/')).toBe('https://runbooks.example.com/app/Shop.md#alarm-shop-ordersbacklog');
    expect(() => Runbook.alarmUrl(backlog, 'http://runbooks.example.com')).toThrow(/invalid baseUrl "http:\/\/runbooks.example.com"/);
    expect(Runbook.fileOf(Stack.of(backlog))).toBe('runbooks/Shop.md');
  });
});

describe('disaster recovery', () => {
  test('hand-written plan, vaults and Automation document: real names, regions and commands, in the DR region', () => {
    const app = appIn();
    handWrittenDr(app);
    const files = synthRunbooks(app);
    const dr = section(files.get('Data.md')!, 'Disaster recovery');
    expect(dr).toContain('### <a id="dr-data-orders"></a>Orders (DynamoDB)');
    expect(dr).toContain('- Backup plan `orders-plan`: Daily (`cron(0 3 * * ? *)`, kept 35 days)');
    expect(dr).toContain(`- Vault: \`primary\` in eu-west-1 (\`arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:primary\`)`);
    expect(dr).toContain(`- DR copy: vault \`dr\` in **eu-central-1** (\`arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr\`), kept 90 days`);
    expect(dr).toContain('- Restore automation: SSM document `restore-orders` in eu-central-1 (`Dr/Restore`)');
    // The table's name is literal, so its ARN is too: no lookup needed.
    expect(dr).toContain(`RESOURCE_ARN=arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`);
    expect(dr).not.toContain('describe-stack-resource');
    expect(dr).toContain('aws ssm start-automation-execution --region eu-central-1 --document-name restore-orders \\\n  --parameters "ResourceArn=${RESOURCE_ARN}"');
    expect(dr).toContain('aws backup list-recovery-points-by-backup-vault --region eu-central-1 --backup-vault-name dr \\\n  --by-resource-arn "${RESOURCE_ARN}"');
    expect(dr).toContain('aws backup get-recovery-point-restore-metadata --region eu-central-1 --backup-vault-name dr');
    expect(dr).toContain('TABLE_NAME=orders');
    expect(dr).toContain('+ {targetTableName: $table}');
    expect(dr).toContain('aws backup start-restore-job --region eu-central-1 --recovery-point-arn "${RECOVERY_POINT_ARN}" --resource-type DynamoDB');
    expect(dr).toContain(`RESTORE_ROLE_ARN=arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`);
    expect(dr).toContain('aws backup describe-restore-job --region eu-central-1 --restore-job-id "${RESTORE_JOB_ID}"');
    expect(dr).toContain('aws dynamodb update-continuous-backups --region eu-central-1');
    expect(dr).toContain(`npx cdk-readiness verify-backups --primary-vault arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:primary --dr-vault arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr`);
    // The DR stack lists its automation and the data stores whose copies it restores.
    const drStack = section(files.get('Dr.md')!, 'Disaster recovery');
    expect(drStack).toContain('#### SSM document `restore-orders`');
    expect(drStack).toContain('- Data stores copied here: [`Data/Orders`](Data.md#dr-data-orders)');
    expect(files.get('README.md')).toContain('| [Data/Orders](Data.md#dr-data-orders) | eu-west-1 | `dr` in eu-central-1 | `restore-orders` (eu-central-1) |');
    expectNoRawTemplate(files.get('Data.md')!);
  });

  test('no copy outside the region: the runbook says so and restores from the local vault, in that region', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    handWrittenDr(app, { copy: false, automation: false });
    const dr = section(synthRunbooks(app).get('Data.md')!, 'Disaster recovery');
    expect(dr).toContain('**No copy outside eu-west-1:** a regional outage takes the recovery points with the data (rule Readiness-BAK2).');
    expect(dr).toContain('#### Restore by hand (eu-west-1)');
    expect(dr).toContain('aws backup list-recovery-points-by-backup-vault --region eu-west-1 --backup-vault-name primary');
    expect(dr).not.toContain('Run the restore automation');
  });

  test('CrossRegionBackup and CrossRegionBackupDr: generated names become lookups, Aurora-style metadata, the DrRestoreAutomation command', () => {
    const app = appIn();
    const drStack = new Stack(app, 'BackupDr', { env: DR });
    const companion = new CrossRegionBackupDr(drStack, 'Dr');
    const stack = new Stack(app, 'Data', { env: PRIMARY });
    const queueTable = new dynamodb.Table(stack, 'Sessions', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: companion.backupVaultArn, drVaultLock: companion.vault.lock }).protect(queueTable);
    const files = synthRunbooks(app);
    const dr = section(files.get('Data.md')!, 'Disaster recovery');
    const documentName = companion.restoreAutomation!.documentName;
    expect(dr).toContain(`- Restore automation: SSM document \`${documentName}\` in eu-central-1 (\`BackupDr/Dr/RestoreAutomation/Document\`)`);
    expect(dr).toMatch(/SESSIONS_NAME=\$\(aws cloudformation describe-stack-resource --region eu-west-1 --stack-name Data --logical-resource-id Sessions\w+ --query StackResourceDetail.PhysicalResourceId --output text\) {3}# name of Data\/Sessions/);
    expect(dr).toContain(`SESSIONS_ARN="arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/\${SESSIONS_NAME}"`);
    expect(dr).toContain(`aws ssm start-automation-execution --region eu-central-1 --document-name ${documentName}`);
    expect(dr).toContain(`aws backup list-protected-resources-by-backup-vault --region eu-central-1 --backup-vault-name ${companion.vault.backupVaultName}`);
    // The restore role of the automation (the restore tests' role) is looked up in the DR stack.
    expect(dr).toMatch(/ROLE_NAME=\$\(aws cloudformation describe-stack-resource --region eu-central-1 --stack-name BackupDr --logical-resource-id DrRestoreTestingRole\w+/);
    expectNoRawTemplate(files.get('Data.md')!);
  });
});

describe('incident response', () => {
  function routes() {
    const app = appIn();
    const stack = new Stack(app, 'Sec', { env: PRIMARY });
    const topic = new sns.Topic(stack, 'Pager');
    const documented = new events.Rule(stack, 'Findings', { eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } } });
    documented.addTarget(new targets.SnsTopic(topic));
    Runbook.addEntry(documented, {
      section: RunbookSection.INCIDENT_RESPONSE,
      title: 'Threat found',
      summary: 'A HIGH GuardDuty finding.',
      steps: ['Isolate the instance', 'Rotate its credentials'],
      commands: [`aws guardduty list-findings --region ${stack.region} --detector-id <detector>`],
    });
    const inline = new events.Rule(stack, 'Inspector', { eventPattern: { source: ['aws.inspector2'], detail: { severity: ['CRITICAL'] } } });
    inline.addTarget(new targets.SnsTopic(topic, { message: events.RuleTargetInput.fromText('Critical CVE. Runbook: 1) rebuild the image; 2) redeploy') }));
    const silent = new events.Rule(stack, 'Jobs', { eventPattern: { source: ['aws.backup'], detail: { state: ['FAILED'] } } });
    silent.addTarget(new targets.SnsTopic(topic));
    // Not a failure route: only completed jobs.
    new events.Rule(stack, 'Completed', { eventPattern: { source: ['aws.backup'], detail: { state: ['COMPLETED'] } } }).addTarget(new targets.SnsTopic(topic));
    return { app, md: synthRunbooks(app).get('Sec.md')! };
  }

  test('each route: what it catches, where it sends, what to do (contributed entry, notification text, or a flagged default)', () => {
    const { md } = routes();
    const ir = section(md, 'Incident response');
    expect(ir).toContain('### <a id="incident-sec-findings"></a>Threat found');
    expect(ir).toContain('- Catches: GuardDuty findings (GuardDuty Finding) of severity >= 7');
    expect(ir).toContain('- Sends to: `Sec/Pager` (AWS::SNS::Topic)');
    expect(ir).toContain('A HIGH GuardDuty finding.\n\n**What to do:**\n\n1. Isolate the instance\n2. Rotate its credentials');
    expect(ir).toContain('aws guardduty list-findings --region eu-west-1 --detector-id <detector>');
    expect(ir).toContain('**What to do** (the runbook text of the notification):\n\n1. Rebuild the image\n2. Redeploy');
    expect(ir).toContain('### <a id="incident-sec-jobs"></a>AWS Backup job failed');
    expect(ir).toContain('**No procedure written down** for this route (rule Readiness-DOC2)');
    expect(ir).not.toContain('incident-sec-completed');
  });

  test('an entry on the stack itself belongs to the section, not to each route', () => {
    const app = appIn();
    const stack = new Stack(app, 'Sec', { env: PRIMARY });
    const topic = new sns.Topic(stack, 'T');
    for (const id of ['A', 'B']) new events.Rule(stack, id, { eventPattern: { source: ['aws.guardduty'] } }).addTarget(new targets.SnsTopic(topic));
    Runbook.addEntry(stack, { section: RunbookSection.INCIDENT_RESPONSE, title: 'Escalation', steps: ['Page the security lead after 30 minutes'] });
    const ir = section(synthRunbooks(app).get('Sec.md')!, 'Incident response');
    expect(ir.match(/Page the security lead/g)).toHaveLength(1);
    expect(ir).toMatch(/### Escalation\n\n1\. Page the security lead after 30 minutes/);
    expect(ir.match(/No procedure written down/g)).toHaveLength(2);
  });

  test('SecurityIncidentRouting writes one entry per source, with its steps and who is notified', () => {
    const app = appIn();
    const stack = new Stack(app, 'Sec', { env: PRIMARY });
    new SecurityIncidentRouting(stack, 'Routing', { runbookUrl: 'https://runbooks.example.com/security' });
    const ir = section(synthRunbooks(app).get('Sec.md')!, 'Incident response');
    expect(ir).toContain('### <a id="incident-sec-routing-guarddutyfindings"></a>GuardDuty threat finding');
    expect(ir).toContain('Raised by GuardDuty findings of severity 7.0 or higher (HIGH and above); notifies SNS topic Sec/Routing/Topic.');
    expect(ir).toContain('### <a id="incident-sec-routing-securityhubfindings"></a>Security Hub finding');
    expect(ir).toContain('### <a id="incident-sec-routing-inspectorfindings"></a>Inspector vulnerability finding');
    expect(ir).toContain('Full procedure: https://runbooks.example.com/security');
  });
});

describe('maintenance', () => {
  test('keys (rotation, aliases, what they encrypt), vault locks, scaling limits, Auto Scaling groups, log retention', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    const stack = new Stack(app, 'Ops', { env: PRIMARY });
    const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: false, alias: 'alias/ops-data' });
    new sqs.Queue(stack, 'Work', { encryptionMasterKey: key });
    new backup.BackupVault(stack, 'Vault', { backupVaultName: 'ops', lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(30) } });
    new backup.CfnBackupVault(stack, 'Locked', { backupVaultName: 'ops-locked', lockConfiguration: { minRetentionDays: 35, maxRetentionDays: 365, changeableForDays: 3 } });
    new appscaling.ScalableTarget(stack, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS, scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/ops/worker', minCapacity: 2, maxCapacity: 8,
    });
    new autoscaling.CfnAutoScalingGroup(stack, 'Fleet', { autoScalingGroupName: 'ops-fleet', minSize: '2', maxSize: '6', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    new logs.LogGroup(stack, 'Audit', { logGroupName: '/ops/audit', retention: logs.RetentionDays.ONE_YEAR });
    new logs.CfnLogGroup(stack, 'Forever', { logGroupName: '/ops/forever' });
    const m = section(synthRunbooks(app).get('Ops.md')!, 'Maintenance');
    expect(m).toContain('| `Ops/DataKey` | `alias/ops-data` | **off** | `Ops/Work` |');
    expect(m).toMatch(/aws kms get-key-rotation-status --region eu-west-1 --key-id "\$\{DATA_KEY_KEY_ID\}"/);
    expect(m).toContain('| `ops` | governance | 7 to 30 days | removable by principals allowed `backup:DeleteBackupVaultLockConfiguration` |');
    expect(m).toContain('| `ops-locked` | compliance | 35 to 365 days | 3 days after the lock was set; then **immutable**');
    expect(m).toContain('aws backup describe-backup-vault --region eu-west-1 --backup-vault-name ops-locked');
    expect(m).toContain('| `service/ops/worker` | `ecs:service:DesiredCount` | 2 | 8 |  |');
    expect(m).toContain('aws application-autoscaling register-scalable-target --region eu-west-1 --service-namespace ecs --resource-id service/ops/worker --scalable-dimension ecs:service:DesiredCount --max-capacity <new maximum>');
    expect(m).toContain('| `Ops/Fleet` | 2 | 6 | (scaling decides) |');
    expect(m).toContain('aws autoscaling update-auto-scaling-group --region eu-west-1 --auto-scaling-group-name ops-fleet --max-size <new maximum>');
    expect(m).toContain('| `/ops/audit` | 365 days | CloudWatch Logs default |');
    expect(m).toContain('| `/ops/forever` | **never expires** |');
  });
});

describe('state backend', () => {
  test('restore a state version, break a stuck lock (lock file and table), fail over to the replica; the environments RemoteStateBackend adds', () => {
    const app = appIn();
    const drStack = new Stack(app, 'StateDr', { env: DR });
    const replica = new RemoteStateReplica(drStack, 'Replica', { bucketName: 'acme-tfstate-replica' });
    const stack = new Stack(app, 'State', { env: PRIMARY });
    new RemoteStateBackend(stack, 'Backend', {
      bucketName: 'acme-tfstate',
      locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE,
      lockTableName: 'acme-tflock',
      environments: [{ name: 'prod' }, { name: 'staging', keyPrefix: 'stg' }],
      replica: StateReplicaDestination.fromReplica(replica),
    });
    const md = synthRunbooks(app).get('State.md')!;
    const st = section(md, 'State backend');
    expect(st).toContain('### <a id="state-state-backend-bucket"></a>Terraform/OpenTofu state in `acme-tfstate`');
    expect(st).toContain('- Locking: `.tflock` lock file next to each state file and DynamoDB table `acme-tflock`');
    expect(st).toContain('- Replica: `acme-tfstate-replica` in eu-central-1');
    expect(st).toContain('1. prod: default workspace s3://acme-tfstate/prod/terraform.tfstate (lock file prod/terraform.tfstate.tflock).');
    expect(st).toContain('2. staging: default workspace s3://acme-tfstate/stg/terraform.tfstate');
    expect(st).toContain('npx cdk-readiness backend-config outputs.json --stack State --environment staging --out backend.tf');
    expect(st).toContain('aws s3api list-object-versions --region eu-west-1 --bucket "${BUCKET}" --prefix "${STATE_KEY}"');
    expect(st).toContain('aws s3api get-object --region eu-west-1 --bucket "${BUCKET}" --key "${STATE_KEY}" --version-id "${VERSION_ID}" restored.tfstate');
    expect(st).toMatch(/aws s3api put-object --region eu-west-1 --bucket "\$\{BUCKET\}" --key "\$\{STATE_KEY\}" --body restored.tfstate --server-side-encryption aws:kms --ssekms-key-id "\$\{KEY_ARN\}"/);
    expect(st).toContain('--table-name acme-tflock --item');
    expect(st).toContain('`terraform force-unlock <LOCK_ID>`');
    expect(st).toContain('aws s3api delete-object --region eu-west-1 --bucket "${BUCKET}" --key "${STATE_KEY}.tflock"');
    expect(st).toContain('aws dynamodb delete-item --region eu-west-1 --table-name acme-tflock');
    expect(st).toContain('terraform init -reconfigure -backend-config="bucket=acme-tfstate-replica" -backend-config="region=eu-central-1"');
    expectNoRawTemplate(md);
  });
});

describe('the files', () => {
  test('index, one runbook per stack (named by artifact id, nested stages included) and a manifest; the report links them', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    new Stack(app, 'Empty', { env: PRIMARY });
    const stage = new Stage(app, 'Prod');
    const nested = new Stack(stage, 'Data', { env: PRIMARY });
    new sqs.Queue(nested, 'Q').metricNumberOfMessagesSent().createAlarm(nested, 'A', { threshold: 1, evaluationPeriods: 1 });
    const files = synthRunbooks(app);
    expect([...files.keys()]).toEqual(['Empty.md', `${nested.artifactId}.md`, 'README.md', 'index.json', 'permissions.md']);
    expect(files.get('Empty.md')).toContain('This stack has no alarms, backed-up data stores, incident routes');
    expect(JSON.parse(files.get('index.json')!).runbooks).toEqual([
      { artifactId: 'Empty', stackName: 'Empty', path: 'Empty', account: ACCOUNT, region: 'eu-west-1', file: 'runbooks/Empty.md' },
      { artifactId: nested.artifactId, stackName: nested.stackName, path: 'Prod/Data', account: ACCOUNT, region: 'eu-west-1', file: `runbooks/${nested.artifactId}.md` },
    ]);
    const report = fs.readFileSync(path.join(app.outdir, 'readiness-report.md'), 'utf-8');
    expect(report).toContain(`| [runbooks/${nested.artifactId}.md](runbooks/${nested.artifactId}.md) |`);
    expect(JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.json'), 'utf-8')).stacks[0].runbook).toBe('runbooks/Empty.md');
  });

  test('a stack named like a shared page (permissions, README) gets its own page beside it, not over it', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    const permissions = new Stack(app, 'permissions', { env: PRIMARY });
    new sqs.Queue(permissions, 'Q').metricNumberOfMessagesSent().createAlarm(permissions, 'A', { threshold: 1, evaluationPeriods: 1 });
    new Stack(app, 'Readme', { env: PRIMARY });
    const files = synthRunbooks(app);
    expect([...files.keys()]).toEqual(['README.md', 'Readme.stack.md', 'index.json', 'permissions.md', 'permissions.stack.md']);
    expect(files.get('permissions.md')).toMatch(/^# Who can do what/m);
    expect(files.get('permissions.stack.md')).toContain('permissions/A');
    expect(files.get('README.md')).toContain('[permissions.stack.md](permissions.stack.md)');
    expect(JSON.parse(files.get('index.json')!).runbooks.map((r: any) => r.file)).toEqual(['runbooks/Readme.stack.md', 'runbooks/permissions.stack.md']);
    expect(Runbook.fileOf(permissions)).toBe('runbooks/permissions.stack.md');
  });

  test('deterministic: two synths of the same app write byte-identical runbooks, free of machine paths', () => {
    const build = () => {
      const app = appIn();
      handWrittenDr(app);
      return synthRunbooks(app);
    };
    const [first, second] = [build(), build()];
    expect([...second.entries()]).toEqual([...first.entries()]);
    for (const content of first.values()) expect(content).not.toContain(os.tmpdir());
  });

  test('writeRunbooks: false writes none; runbooks of stacks no longer in the app are removed', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    new Stack(app, 'Only', { env: PRIMARY });
    expect(synthRunbooks(app, { writeRunbooks: false }).size).toBe(0);
    const again = appIn({ 'readiness:profile': 'dev' });
    new Stack(again, 'Kept', { env: PRIMARY });
    fs.mkdirSync(path.join(again.outdir, 'runbooks'), { recursive: true });
    fs.writeFileSync(path.join(again.outdir, 'runbooks', 'Gone.md'), 'stale');
    fs.writeFileSync(path.join(again.outdir, 'runbooks', 'notes.txt'), 'not ours');
    const files = synthRunbooks(again);
    expect(files.has('Gone.md')).toBe(false);
    expect(files.get('notes.txt')).toBe('not ours');
  });
});

describe('contributed entries', () => {
  test('an OPERATIONS entry: its own section, steps, commands with deploy-time values as looked-up variables, URL', () => {
    const app = appIn({ 'readiness:profile': 'dev' });
    const stack = new Stack(app, 'Jobs', { env: PRIMARY });
    const dlq = new sqs.Queue(stack, 'Dlq');
    Runbook.addEntry(dlq, {
      section: RunbookSection.OPERATIONS,
      title: 'Replay dead letters',
      summary: `Messages in ${dlq.queueName} failed five times.`,
      steps: ['Fix the consumer', 'Redrive the queue'],
      commands: [`aws sqs start-message-move-task --region ${stack.region} --source-arn ${dlq.queueArn}`],
      url: 'https://runbooks.example.com/jobs',
    });
    const ops = section(synthRunbooks(app).get('Jobs.md')!, 'Operations');
    expect(ops).toContain('### Replay dead letters\n\nMessages in `<name of Jobs/Dlq>` failed five times.\n\n1. Fix the consumer\n2. Redrive the queue');
    expect(ops).toMatch(/DLQ_URL=\$\(aws cloudformation describe-stack-resource --region eu-west-1 --stack-name Jobs --logical-resource-id Dlq\w+ .*\)/);
    expect(ops).toContain(`DLQ_ARN="arn:aws:sqs:eu-west-1:${ACCOUNT}:\${DLQ_URL##*/}"`);
    expect(ops).toContain('aws sqs start-message-move-task --region eu-west-1 --source-arn "${DLQ_ARN}"');
    expect(ops).toContain('Full procedure: https://runbooks.example.com/jobs');
  });

  test.each([
    ['an unknown section', { section: 'chores' as RunbookSection, title: 't', steps: ['s'] }, /invalid section "chores"/],
    ['an empty title', { section: RunbookSection.OPERATIONS, title: ' ', steps: ['s'] }, /invalid title " "/],
    ['no steps', { section: RunbookSection.OPERATIONS, title: 't', steps: [] }, /invalid steps \[\] of 't'/],
    ['an empty step', { section: RunbookSection.OPERATIONS, title: 't', steps: ['ok', ''] }, /invalid steps \["ok",""\]/],
    ['an empty command', { section: RunbookSection.OPERATIONS, title: 't', steps: ['s'], commands: [''] }, /invalid commands \[""\]/],
    ['a plain-http URL', { section: RunbookSection.OPERATIONS, title: 't', steps: ['s'], url: 'http://wiki' }, /invalid url "http:\/\/wiki" of 't'/],
  ])('Runbook.addEntry rejects %s, naming the construct', (_what, entry, message) => {
    const stack = new Stack(appIn(), 'S', { env: PRIMARY });
    expect(() => Runbook.addEntry(stack, entry)).toThrow(message);
    expect(() => Runbook.addEntry(stack, entry)).toThrow(/Runbook.addEntry\('S'\)/);
  });

  test('entries are construct metadata of the scope they were added to', () => {
    const stack = new Stack(appIn(), 'S', { env: PRIMARY });
    Runbook.addEntry(stack, { section: RunbookSection.MAINTENANCE, title: ' Rotate certificates ', steps: ['Renew in ACM '] });
    expect(stack.node.metadata.filter((m) => m.type === 'cdk-readiness:runbook-entry').map((m) => m.data)).toEqual([
      { section: 'maintenance', title: 'Rotate certificates', steps: ['Renew in ACM'] },
    ]);
  });
});
