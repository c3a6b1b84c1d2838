/**
 * Backup verifier benchmark (runs first in `npx projen bench`; alone: `npx projen bench:verifier`):
 *
 * 1. API calls and time to verify 10,000 recovery points (250 resources × 40 daily recovery
 *    points in the primary vault, as many copies in the DR vault), against AWS Backup mocked at
 *    the client boundary (aws-sdk-client-mock) with AWS's page sizes. Target: at most 25 calls —
 *    full pages, never a call per recovery point.
 * 2. Size of the Lambda bundle, minified, as deployed (the AWS SDK left to the Lambda runtime)
 *    and with the SDK bundled for comparison. Target: at most 600 KB.
 *
 * Results go to stdout and to .bench-out/verifier.json. Always exits 0: missed targets print MISSED.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  BackupClient, DescribeBackupVaultCommand, ListBackupJobsCommand, ListCopyJobsCommand, ListRecoveryPointsByBackupVaultCommand, ListRestoreJobsCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import * as esbuild from 'esbuild';
import { AwsClients } from '../src/backup/verifier/private/clients';
import { DEFAULT_RETRY_POLICY } from '../src/backup/verifier/private/retry';
import { runVerification } from '../src/backup/verifier/private/run';

const CALL_TARGET = 25;
const SIZE_TARGET_KB = 600;
const REPO = path.resolve(__dirname, '..');
const OUT_DIR = path.join(REPO, '.bench-out');
const ACCOUNT = '123456789012';
const PRIMARY = `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:primary`;
const DR = `arn:aws:backup:eu-central-1:${ACCOUNT}:backup-vault:dr`;
const PAGE_MAX = 1000;

function page<T>(key: string, items: T[], input: { NextToken?: string; MaxResults?: number }) {
  const start = Number(input.NextToken ?? 0);
  // AWS caps MaxResults at 1,000 and answers 100 without it (DescribeBackupVault is not paged).
  const size = Math.min(input.MaxResults ?? 100, PAGE_MAX);
  return { [key]: items.slice(start, start + size), NextToken: start + size < items.length ? String(start + size) : undefined };
}

async function verifyCalls(resources: number, perResource: number) {
  const now = Date.now();
  const ago = (h: number) => new Date(now - h * 3_600_000);
  const primary: any[] = [];
  const dr: any[] = [];
  const copyJobs: any[] = [];
  for (let r = 0; r < resources; r++) {
    const arn = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/t${r}`;
    for (let d = 0; d < perResource; d++) {
      const rp = { RecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:${r}-${d}`, BackupVaultArn: PRIMARY, ResourceArn: arn, ResourceType: 'DynamoDB', Status: 'COMPLETED', CreationDate: ago(2 + 24 * d), EncryptionKeyArn: 'k1', IsEncrypted: true };
      const copy = { RecoveryPointArn: `arn:aws:backup:eu-central-1:${ACCOUNT}:recovery-point:${r}-${d}`, BackupVaultArn: DR, SourceBackupVaultArn: PRIMARY, ResourceArn: arn, ResourceType: 'DynamoDB', Status: 'COMPLETED', CreationDate: ago(1 + 24 * d), EncryptionKeyArn: 'k2', IsEncrypted: true };
      primary.push(rp);
      dr.push(copy);
      if (d === 0) copyJobs.push({ CopyJobId: `c${r}`, SourceBackupVaultArn: PRIMARY, SourceRecoveryPointArn: rp.RecoveryPointArn, DestinationRecoveryPointArn: copy.RecoveryPointArn, State: 'COMPLETED', CreationDate: ago(1.9), CompletionDate: ago(1) });
    }
  }
  const mock = mockClient(BackupClient);
  mock.on(DescribeBackupVaultCommand).resolves({ EncryptionKeyArn: 'k1' });
  mock.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input) => page('RecoveryPoints', input.BackupVaultName === 'dr' ? dr : primary, input));
  mock.on(ListCopyJobsCommand).callsFake((input) => page('CopyJobs', copyJobs, input));
  mock.on(ListBackupJobsCommand).callsFake((input) => page('BackupJobs', [], input));
  mock.on(ListRestoreJobsCommand).callsFake((input) => page('RestoreJobs', [], input));
  const clients = new AwsClients(DEFAULT_RETRY_POLICY);
  const t0 = performance.now();
  const report = await runVerification({
    name: 'bench', primaryVaultArns: [PRIMARY], drVaultArn: DR, drKeyArn: 'k2', rpoHours: 24, maxCopyLagHours: 8, rtoHours: 4, lookbackHours: 6,
  }, { clients, now: () => new Date(now), sleep: async () => undefined, deadline: now + 60_000, startDrills: false });
  const ms = performance.now() - t0;
  const byCommand: Record<string, number> = {};
  for (const c of mock.calls()) {
    const name = (c.args[0] as any).constructor.name.replace(/Command$/, '');
    byCommand[name] = (byCommand[name] ?? 0) + 1;
  }
  mock.restore();
  return { recoveryPoints: primary.length, copies: dr.length, resources: report.resources.length, passed: report.passed, calls: clients.counter.calls, byCommand, ms };
}

async function bundleSize(external: string[]) {
  const result = await esbuild.build({
    entryPoints: [path.join(REPO, 'src/backup/verifier/private/verifier.lambda.ts')],
    bundle: true, minify: true, platform: 'node', target: 'node22', write: false, external, metafile: true, logLevel: 'silent',
  });
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
  const inputs = Object.entries(result.metafile.outputs)[0][1].inputs;
  const sdkBytes = Object.entries(inputs).filter(([p]) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(p)).reduce((n, [, i]) => n + i.bytesInOutput, 0);
  return { kb: Math.round(bytes / 102.4) / 10, sdkKb: Math.round(sdkBytes / 102.4) / 10 };
}

async function main() {
  console.log('== backup verifier ==');
  const v = await verifyCalls(250, 40);
  const callsOk = v.calls <= CALL_TARGET && v.resources === 250 && v.passed;
  console.log(`verify ${v.recoveryPoints.toLocaleString('en-US')} recovery points (${v.resources} resources, ${v.copies.toLocaleString('en-US')} DR copies): ` +
    `${v.calls} API calls in ${v.ms.toFixed(0)} ms (target ≤ ${CALL_TARGET} calls) ${callsOk ? 'OK' : 'MISSED'}`);
  console.log(`  calls by operation: ${Object.entries(v.byCommand).map(([k, n]) => `${k} ${n}`).join(', ')}`);

  const deployed = await bundleSize(['@aws-sdk/*']);
  const withSdk = await bundleSize([]);
  const sizeOk = deployed.kb <= SIZE_TARGET_KB;
  console.log(`Lambda bundle, minified, as deployed (AWS SDK v3 from the Node.js 22 runtime): ${deployed.kb} KB (target ≤ ${SIZE_TARGET_KB} KB) ${sizeOk ? 'OK' : 'MISSED'}`);
  console.log(`  for comparison, with the SDK clients bundled: ${withSdk.kb} KB (${withSdk.sdkKb} KB of it the SDK)${withSdk.kb <= SIZE_TARGET_KB ? '' : ` — over the ${SIZE_TARGET_KB} KB target`}`);

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, 'verifier.json');
  fs.writeFileSync(file, JSON.stringify({ generatedBy: 'bench/verifier.ts', node: process.version, verify: { ...v, target: CALL_TARGET, met: callsOk },
    bundle: { deployedKb: deployed.kb, withSdkKb: withSdk.kb, sdkKb: withSdk.sdkKb, targetKb: SIZE_TARGET_KB, met: sizeOk } }, undefined, 2) + '\n');
  console.log(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e) => {
  console.error(`verifier bench failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
