import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ReadinessChecks, ReadinessChecksProps } from '../../src';

export const ACCOUNT = '111111111111';
export const PRIMARY = { account: ACCOUNT, region: 'eu-west-1' };
export const DR = { account: ACCOUNT, region: 'eu-central-1' };

/** A PROD app writing its cloud assembly to a fresh directory. */
export function appIn(context: Record<string, unknown> = {}): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-')), context: { 'readiness:profile': 'prod', ...context } });
}

/** Synthesize with ReadinessChecks (findings may fail synth: the runbooks are written before) and read runbooks/. */
export function synthRunbooks(app: App, props: ReadinessChecksProps = {}): Map<string, string> {
  Validations.of(app).addPlugins(new ReadinessChecks(app, { printSummary: false, ...props }));
  try {
    app.synth();
  } catch (e) {
    if (!/Validation ?failed/i.test(String(e))) throw e;
  }
  const dir = path.join(app.outdir, 'runbooks');
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const name of fs.readdirSync(dir).sort()) files.set(name, fs.readFileSync(path.join(dir, name), 'utf-8'));
  return files;
}

/** The Markdown section (`## <title>` up to the next `## `) of a runbook. */
export function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 4);
  return markdown.substring(start, end < 0 ? undefined : end);
}

/**
 * A hand-written DR setup with L1s only: a table `orders` in eu-west-1 selected by ARN, a plan
 * copying to the vault `dr` of eu-central-1 by literal ARN, and (unless `automation: false`) a
 * hand-written Automation document there that restores from `dr`.
 */
export function handWrittenDr(app: App, options: { automation?: boolean; copy?: boolean } = {}) {
  const dr = new Stack(app, 'Dr', { env: DR });
  new backup.CfnBackupVault(dr, 'DrVault', { backupVaultName: 'dr' });
  if (options.automation ?? true) {
    new ssm.CfnDocument(dr, 'Restore', {
      name: 'restore-orders',
      documentType: 'Automation',
      content: {
        schemaVersion: '0.3',
        parameters: { ResourceArn: { type: 'String' } },
        mainSteps: [
          { name: 'Start', action: 'aws:executeAwsApi', inputs: { Service: 'backup', Api: 'StartRestoreJob', BackupVaultName: 'dr', RecoveryPointArn: '{{ ResourceArn }}', Metadata: {} } },
        ],
      },
    });
  }
  const data = new Stack(app, 'Data', { env: PRIMARY });
  new dynamodb.CfnTable(data, 'Orders', {
    tableName: 'orders',
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
  new backup.CfnBackupVault(data, 'Vault', { backupVaultName: 'primary' });
  const plan = new backup.CfnBackupPlan(data, 'Plan', {
    backupPlan: {
      backupPlanName: 'orders-plan',
      backupPlanRule: [{
        ruleName: 'Daily',
        targetBackupVault: 'primary',
        scheduleExpression: 'cron(0 3 * * ? *)',
        lifecycle: { deleteAfterDays: 35 },
        copyActions: options.copy === false ? undefined : [{ destinationBackupVaultArn: `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr`, lifecycle: { deleteAfterDays: 90 } }],
      }],
    },
  });
  new backup.CfnBackupSelection(data, 'Selection', {
    backupPlanId: plan.attrBackupPlanId,
    backupSelection: { selectionName: 'orders', iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/backup`, resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`] },
  });
  return { dr, data };
}
