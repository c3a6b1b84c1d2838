// The flagship app's stacks, on an App you give: app.ts synthesizes it with the CDK CLI, and
// web-service.test.ts builds it in a unit test (the README recipe) without the CLI.
import { App } from 'aws-cdk-lib';
import { Runbook } from 'cdk-readiness';
import { BackupDrStack } from './backup-dr-stack';
import { SecurityStack } from './security-stack';
import { WebServiceStack } from './web-service-stack';

// Replace with your accounts and regions. Explicit environments pin every stack (rule ENV1) and
// let the DR vault ARN name its region.
export const ACCOUNT = '123456789012';
export const PRIMARY_REGION = 'eu-west-1';
export const DR_REGION = 'eu-central-1';
/** Where the generated runbooks (cdk.out/runbooks/) are published. */
export const RUNBOOK_BASE_URL = 'https://runbooks.example.com/web-service';

/** The stacks of the flagship. */
export interface WebServiceApp {
  readonly drStack: BackupDrStack;
  readonly webService: WebServiceStack;
  readonly security: SecurityStack;
  readonly securityDr: SecurityStack;
}

/** Add the flagship's stacks to an app. */
export function buildWebServiceApp(app: App): WebServiceApp {
  const drStack = new BackupDrStack(app, 'WebServiceBackupDr', {
    env: { account: ACCOUNT, region: DR_REGION },
    terminationProtection: true,
  });
  const webService = new WebServiceStack(app, 'WebService', {
    env: { account: ACCOUNT, region: PRIMARY_REGION },
    terminationProtection: true,
    drVaultArn: drStack.drVaultArn,
    drVaultLock: drStack.drVaultLock,
  });
  // The plan copies to the DR vault by ARN (no cross-region reference, so CDK infers no order):
  // deploy the DR stack first, so `cdk deploy --all` creates the vault before the first copy job.
  webService.addStackDependency(drStack, 'copy actions target the DR vault');
  // The DR stack verifies the primary vault's backups (by ARN string: no cross-region reference).
  drStack.verifyBackupsOf(webService.backupVaultArn);

  // --- Security baseline (issue 8): one stack per region the app deploys to. -------------------
  // GuardDuty, Security Hub, Config, Inspector and ECR scanning are regional; the primary region's
  // baseline also owns the multi-region trail and aggregates the DR region's Security Hub findings.
  const security = new SecurityStack(app, 'WebServiceSecurity', {
    env: { account: ACCOUNT, region: PRIMARY_REGION },
    terminationProtection: true,
    homeRegion: PRIMARY_REGION,
    linkedRegions: [DR_REGION],
  });
  const securityDr = new SecurityStack(app, 'WebServiceSecurityDr', {
    env: { account: ACCOUNT, region: DR_REGION },
    terminationProtection: true,
    homeRegion: PRIMARY_REGION,
    linkedRegions: [DR_REGION],
  });

  // --- Runbooks (issue 9): synth writes cdk.out/runbooks/; publish that directory here (a static
  // site, a wiki sync) on every deployment, and every alarm's description links its own section.
  Runbook.publishAt(app, RUNBOOK_BASE_URL);
  return { drStack, webService, security, securityDr };
}
