import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { everyConstruct } from './helpers';

/** Construct paths this module creates (the workload around them is the user's, not ours). */
const OURS = /^(W\/(Scaling|Lb|Failover|Canary|AsgScaling|AsgFailover|TableScaling|Concurrency|Replicas|ReadinessAlarmRouting|ReadinessAccessLogs)\/|Dns\/(Failover|ReadinessAlarmRouting)\/)/;

function violations(app: App, pack: AwsSolutionsChecks | NIST80053R5Checks, filter: (path: string) => boolean): string[] {
  return pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
    .filter((line) => filter(line.split(' ')[1]));
}

describe('every construct of the module under cdk-nag', () => {
  const app = everyConstruct().app;

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
  ])('%s: no violation on what the constructs create', (_name, pack) => {
    expect(violations(app, pack(), (p) => OURS.test(p))).toEqual([]);
  });

  test('the packs judged our resources (the path filter is not empty)', () => {
    const ours = app.node.findAll().filter((c) => CfnResource.isCfnResource(c) && OURS.test(c.node.path));
    expect(ours.length).toBeGreaterThan(50);
    // And the user's workload around them does have findings, so the filter is what hides them.
    expect(violations(app, new AwsSolutionsChecks(), (p) => !OURS.test(p)).length).toBeGreaterThan(0);
  });

  test('the load balancer passes the checks the construct is for (access logs, deletion protection, invalid headers)', () => {
    const lb = (p: string) => p === 'W/Web/LB/Resource';
    expect(violations(app, new AwsSolutionsChecks(), lb).filter((v) => /ELB2/.test(v))).toEqual([]);
    expect(violations(app, new NIST80053R5Checks(), lb).filter((v) => /ELBLoggingEnabled|ELBDeletionProtectionEnabled|ALBHttpDropInvalidHeaderEnabled/.test(v))).toEqual([]);
  });

  test('every acknowledgement on our resources carries a specific reason', () => {
    const reasons: string[] = [];
    const walk = (c: any) => {
      if (OURS.test(`${c.node.path}/`)) {
        for (const m of c.node.metadata) {
          if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) reasons.push(...Object.values<string>(m.data));
        }
      }
      c.node.children.forEach(walk);
    };
    walk(app);
    expect(reasons.length).toBeGreaterThan(5);
    for (const r of reasons) expect(r.length).toBeGreaterThan(60);
  });
});
