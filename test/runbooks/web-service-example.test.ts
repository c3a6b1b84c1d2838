// Synthesizes examples/web-service with the REAL CDK CLI under PROD and reads the runbooks it
// leaves in the cloud assembly, checking them against the synthesized templates: every alarm,
// the DR vault, region and restore automation, the security routes, the vault locks.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { runbookAnchor } from '../../src/shared/runbook-anchor';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

describe('examples/web-service runbooks (real `cdk synth`, -c readiness:profile=prod)', () => {
  let run: SynthResult;
  const read = (file: string) => fs.readFileSync(path.join(run.outdir, file), 'utf8');
  const template = (stack: string) => JSON.parse(read(`${stack}.template.json`));
  const resourcesOf = (t: any, type: string) => Object.entries<any>(t.Resources).filter(([, r]) => r.Type === type);
  beforeAll(() => {
    run = synthExample('examples/web-service', { 'readiness:profile': 'prod' });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('one runbook per stack and an index; the flagship stays at 100 with DOC2 evaluated on every stack', () => {
    expect(run.status).toBe(0);
    expect(fs.readdirSync(path.join(run.outdir, 'runbooks')).sort())
      .toEqual(['README.md', 'WebService.md', 'WebServiceBackupDr.md', 'WebServiceSecurity.md', 'WebServiceSecurityDr.md', 'index.json', 'permissions.md']);
    const report = JSON.parse(read('readiness-report.json'));
    expect(report.overall.score).toBe(100);
    const doc2 = report.areas.find((a: any) => a.area === 'documentation').rules.find((r: any) => r.ruleId === 'Readiness-DOC2');
    expect(doc2).toMatchObject({ evaluated: 4, passed: 4, findings: 0 });
  });

  test('every alarm of every stack has its entry, at the anchor of its construct path', () => {
    for (const stack of ['WebService', 'WebServiceBackupDr', 'WebServiceSecurity', 'WebServiceSecurityDr']) {
      const md = read(`runbooks/${stack}.md`);
      const alarms = [...resourcesOf(template(stack), 'AWS::CloudWatch::Alarm'), ...resourcesOf(template(stack), 'AWS::CloudWatch::CompositeAlarm')];
      expect(alarms.length).toBeGreaterThan(0);
      const missing = alarms.map(([, r]) => runbookAnchor('alarm', r.Metadata['aws:cdk:path'])).filter((a) => !md.includes(`<a id="${a}"></a>`));
      expect({ stack, missing }).toEqual({ stack, missing: [] });
      expect(md.match(/^### <a id="alarm-/gm)!.length).toBe(alarms.length);
    }
  });

  test('every alarm with runbook text links its own section where the flagship publishes the runbooks (Runbook.publishAt)', () => {
    let linked = 0;
    for (const stack of ['WebService', 'WebServiceBackupDr', 'WebServiceSecurity', 'WebServiceSecurityDr']) {
      const md = read(`runbooks/${stack}.md`);
      for (const [, r] of [...resourcesOf(template(stack), 'AWS::CloudWatch::Alarm'), ...resourcesOf(template(stack), 'AWS::CloudWatch::CompositeAlarm')]) {
        const description = r.Properties.AlarmDescription;
        if (typeof description !== 'string' || !description.includes('Runbook:')) continue;
        const anchor = runbookAnchor('alarm', r.Metadata['aws:cdk:path']);
        expect(description.endsWith(` https://runbooks.example.com/web-service/${stack}.md#${anchor}`)).toBe(true);
        expect(md).toContain(`<a id="${anchor}"></a>`);
        expect(description.length).toBeLessThanOrEqual(1024);
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(40);
    // The README quotes the queue backlog alarm.
    const backlog = resourcesOf(template('WebService'), 'AWS::CloudWatch::Alarm').find(([, r]) => r.Metadata['aws:cdk:path'].endsWith('/Jobs/SqsOldestMessageAge/Resource'))!;
    expect(backlog[1].Properties.AlarmDescription).toMatch(/^Jobs: the oldest message has waited more than 900 s .* 3\) scale the consumers out\. https:\/\/runbooks\.example\.com\/web-service\/WebService\.md#alarm-webservice-monitoring-jobs-sqsoldestmessageage$/);
  });

  test('DR: the DR vault, its region and the restore automation of the DR stack, with the commands to run it and to verify', () => {
    const dr = template('WebServiceBackupDr');
    const [, vault] = resourcesOf(dr, 'AWS::Backup::BackupVault')[0];
    const [, document] = resourcesOf(dr, 'AWS::SSM::Document')[0];
    const [, primaryVault] = resourcesOf(template('WebService'), 'AWS::Backup::BackupVault')[0];
    const drVault = vault.Properties.BackupVaultName;
    const md = read('runbooks/WebService.md');
    for (const [anchor, type] of [['dr-webservice-database', 'Aurora'], ['dr-webservice-sessions', 'DynamoDB']]) {
      const entry = md.substring(md.indexOf(`<a id="${anchor}">`), md.indexOf('\n### ', md.indexOf(`<a id="${anchor}">`)));
      expect(entry).toContain(`- DR copy: vault \`${drVault}\` in **eu-central-1** (\`arn:aws:backup:eu-central-1:123456789012:backup-vault:${drVault}\`)`);
      expect(entry).toContain(`aws ssm start-automation-execution --region eu-central-1 --document-name ${document.Properties.Name}`);
      expect(entry).toContain(`aws backup list-recovery-points-by-backup-vault --region eu-central-1 --backup-vault-name ${drVault}`);
      expect(entry).toContain(`--resource-type ${type}`);
      expect(entry).toContain(`npx cdk-readiness verify-backups --primary-vault arn:aws:backup:eu-west-1:123456789012:backup-vault:${primaryVault.Properties.BackupVaultName} --dr-vault arn:aws:backup:eu-central-1:123456789012:backup-vault:${drVault}`);
    }
    expect(md).toContain('MetadataOverrides: ["DBSubnetGroupName=" + $subnets, "VpcSecurityGroupIds=" + $groups]');
    const drMd = read('runbooks/WebServiceBackupDr.md');
    expect(drMd).toContain(`#### SSM document \`${document.Properties.Name}\``);
    expect(drMd).toContain('- Data stores copied here: [`WebService/Database`](WebService.md#dr-webservice-database), [`WebService/Sessions`](WebService.md#dr-webservice-sessions)');
    expect(drMd).toContain(`| \`${drVault}\` | compliance | 35 to 365 days | 3 days after the lock was set; then **immutable**`);
  });

  test('incident response: the security routes of both regions and the backup-failure routes, each with its procedure', () => {
    for (const stack of ['WebServiceSecurity', 'WebServiceSecurityDr']) {
      const md = read(`runbooks/${stack}.md`);
      for (const title of ['GuardDuty threat finding', 'Security Hub finding', 'Inspector vulnerability finding']) expect(md).toMatch(new RegExp(`### <a id="incident-[a-z0-9-]+"></a>${title}\\n`));
      expect(md).not.toContain('No procedure written down');
    }
    for (const stack of ['WebService', 'WebServiceBackupDr']) expect(read(`runbooks/${stack}.md`)).toMatch(/<\/a>AWS Backup job failed\n[\s\S]*Full procedure: https:\/\/runbooks\.example\.com\/web-service\//);
  });

  test('the README\'s excerpt of runbooks/WebService.md is what synth writes', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const excerpt = readme.split('`runbooks/WebService.md`:\n\n````md\n')[1].split('\n````')[0];
    const lines = excerpt.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('   ['));
    expect(lines.length).toBeGreaterThan(15);
    const md = read('runbooks/WebService.md');
    expect(lines.filter((l) => !md.includes(l))).toEqual([]);
  });

  test('`cdk-readiness runbook <cdk.out> --stack WebService` prints it', () => {
    let out = '';
    expect(main(['runbook', run.outdir, '--stack', 'WebService'], (s) => (out += s))).toBe(0);
    expect(out).toBe(read('runbooks/WebService.md'));
  });

  test('the scorecard in the README\'s quick start is what `cdk-readiness report` prints for the flagship', () => {
    let out = '';
    expect(main(['report', run.outdir], (s) => (out += s))).toBe(0);
    const scorecard = (text: string) => {
      const start = text.indexOf('Production Readiness Score: ');
      return text.substring(start, text.indexOf('\nFull report:', start));
    };
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(scorecard(readme)).toBe(scorecard(out));
    expect(scorecard(out)).toMatch(/^Production Readiness Score: 100\/100 {2}PASS\n/);
  });
});
