// The README's cost figures (the flagship's alarms, its readiness measures, the before-audit app)
// are the estimate the report computes: this test recomputes them and compares.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BeforeAuditStack } from '../../examples/before-audit/before-audit-stack';
import * as beforeAuditJson from '../../examples/before-audit/cdk.json';
import * as organizationJson from '../../examples/organization/cdk.json';
import { buildOrganizationApp } from '../../examples/organization/organization-app';
import * as terraformStateJson from '../../examples/terraform-state/cdk.json';
import { buildTerraformStateApp } from '../../examples/terraform-state/terraform-state-app';
import * as webServiceJson from '../../examples/web-service/cdk.json';
import { buildWebServiceApp } from '../../examples/web-service/web-service-app';
import { cents, CostEstimate } from '../../src/analysis/cost/estimate';
import { formatUsd } from '../../src/checks/private/cost-report';
import { reportOf } from '../util/findings';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8').replace(/\s+/g, ' ');

function flagshipCost(): CostEstimate {
  const app = new App({ context: { ...webServiceJson.context, 'readiness:profile': 'prod' } });
  buildWebServiceApp(app);
  return reportOf(app).cost!;
}

function beforeAuditCost(): CostEstimate {
  const app = new App({ context: { ...beforeAuditJson.context, 'readiness:profile': 'prod' } });
  new BeforeAuditStack(app, 'BeforeAuditStack');
  return reportOf(app).cost!;
}

test('the README states the flagship\'s and the before-audit app\'s estimates as the report computes them', () => {
  const flagship = flagshipCost();
  const before = beforeAuditCost();
  const alarms = flagship.items.filter((i) => i.item.startsWith('alarm metrics') || i.item === 'composite alarms');
  const alarmUsd = cents(alarms.reduce((s, i) => s + i.low, 0));
  const metrics = alarms.filter((i) => i.item.startsWith('alarm metrics')).reduce((n, i) => n + i.quantity, 0);
  const composites = alarms.filter((i) => i.item === 'composite alarms').reduce((n, i) => n + i.quantity, 0);
  const compositeText = composites === 1 ? 'a composite alarm' : `${composites} composite alarms`;
  const expected = `The flagship's alarms cost **${formatUsd(alarmUsd)} a month** (${metrics} alarm metrics and ${compositeText}), and all its ` +
    `readiness measures **${formatUsd(flagship.low, flagship.high)} a month** (${formatUsd(flagship.fixed)} fixed); the app as written before the audit ` +
    `costs **${formatUsd(before.low, before.high)} a month** (${formatUsd(before.fixed)} fixed)`;
  expect(README).toContain(expected);
});

test('every example\'s report carries the estimate, with an assumption for every usage-based item', () => {
  const app = new App({ context: { ...(terraformStateJson as any).context, 'readiness:profile': 'prod' } });
  buildTerraformStateApp(app);
  const organization = new App({ context: { ...(organizationJson as any).context } });
  buildOrganizationApp(organization);
  for (const cost of [flagshipCost(), beforeAuditCost(), reportOf(app).cost!, reportOf(organization).cost!]) {
    expect(cost.items.length).toBeGreaterThan(0);
    expect(cost.high).toBeGreaterThanOrEqual(cost.low);
    expect(cost.low).toBeGreaterThanOrEqual(cost.fixed);
    for (const item of cost.items.filter((i) => i.kind === 'usage')) expect(item.assumption).toEqual(expect.any(String));
    // The regions it is priced in, each saying whether us-east-1 figures stand in.
    expect(cost.regions.length).toBeGreaterThan(0);
    expect(cost.regionNote).toContain('us-east-1 list prices');
    // Per stack and per area, adding up to the whole.
    expect(cost.byStack.reduce((s, t) => s + t.high, 0)).toBeCloseTo(cost.high, 1);
    expect(cost.byArea.reduce((s, t) => s + t.high, 0)).toBeCloseTo(cost.high, 1);
  }
});
