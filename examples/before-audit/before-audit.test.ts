// The recipe of the README, applied to this example: readiness findings as plain data and a
// snapshot of the template, in a unit test, without the CDK CLI.
import { App } from 'aws-cdk-lib';
import { ReadinessTesting } from 'cdk-readiness';
import { BeforeAuditStack } from './before-audit-stack';
import * as cdkJson from './cdk.json';

describe('BeforeAuditStack', () => {
  // The same context the CDK CLI gives the app (cdk.json), plus the profile.
  const app = new App({ context: { ...cdkJson.context, 'readiness:profile': 'prod' } });
  const stack = new BeforeAuditStack(app, 'BeforeAuditStack');

  test('fails the production-readiness checks the audit failed', () => {
    const findings = ReadinessTesting.findings(app);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set([
      'Readiness-STA4', 'Readiness-STA5', 'Readiness-ENV1', 'Readiness-BAK1', 'Readiness-MON1', 'Readiness-MON2',
      'Readiness-MON3', 'Readiness-MON4', 'Readiness-MON5', 'Readiness-PRF1', 'Readiness-DOC1',
      // Security & Compliance 20/100: no threat detection, audit logging, compliance monitoring or scanning.
      'Readiness-SEC1', 'Readiness-SEC2', 'Readiness-SEC3', 'Readiness-SEC4',
      'Readiness-SCL1', 'Readiness-SCL2', 'Readiness-SCL3', 'Readiness-SCL5', 'Readiness-PRF2',
      // The reliability basics a reviewer names first: deletion protection, point-in-time recovery and
      // automated backups, one NAT gateway for both zones, plain HTTP, an unwatched dead-letter queue.
      'Readiness-STA6', 'Readiness-BAK8', 'Readiness-SCL7', 'Readiness-SEC6', 'Readiness-MON6',
      // A default ecs_patterns service: no circuit breaker, and aws-cdk-lib's 50 % minimum healthy.
      'Readiness-DEP1', 'Readiness-DEP3',
    ]));
    expect(findings.filter((f) => f.ruleId.startsWith('Readiness-DEP')).map((f) => `${f.ruleId} ${f.constructPath}`).sort()).toEqual([
      'Readiness-DEP1 BeforeAuditStack/Web/Service/Service', 'Readiness-DEP3 BeforeAuditStack/Web/Service/Service',
    ]);
    expect(findings.filter((f) => ['Readiness-STA6', 'Readiness-BAK8'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.constructPath}`).sort()).toEqual([
      'Readiness-BAK8 BeforeAuditStack/Database/Resource', 'Readiness-BAK8 BeforeAuditStack/Sessions/Resource', 'Readiness-BAK8 BeforeAuditStack/Uploads/Resource',
      'Readiness-STA6 BeforeAuditStack/Database/Resource', 'Readiness-STA6 BeforeAuditStack/Sessions/Resource',
    ]);
    // The CPU alarm someone added carries no runbook (DOC1); the public ALB has no p99 latency alarm (PRF1).
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'Readiness-DOC1', constructPath: 'BeforeAuditStack/WebCpuHigh/Resource' }));
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'Readiness-PRF1', constructPath: 'BeforeAuditStack/Web/LB/Resource' }));
    // One task and a lone Aurora writer: no capacity to lose (SCL2).
    expect(findings.filter((f) => f.ruleId === 'Readiness-SCL2').map((f) => f.constructPath).sort()).toEqual([
      'BeforeAuditStack/Database/Resource', 'BeforeAuditStack/Web/Service/Service',
    ]);
    // The uploads bucket holds data: no backup plan, no versioning, no copy in another region (BAK1, BAK8).
    expect(findings.filter((f) => f.ruleId === 'Readiness-BAK1').map((f) => f.constructPath).sort()).toEqual([
      'BeforeAuditStack/Database/Resource', 'BeforeAuditStack/Sessions/Resource', 'BeforeAuditStack/Uploads/Resource',
    ]);
  });

  test('template matches the snapshot', () => {
    expect(ReadinessTesting.normalizedTemplate(stack)).toMatchSnapshot();
  });
});
