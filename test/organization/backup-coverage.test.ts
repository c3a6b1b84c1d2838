import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { OrganizationBackupCoverage, OrganizationBackupPolicy, ReadinessProfile } from '../../src';
import { findingsOf, ruleOutcome } from '../util/findings';

const MEMBER = '333333333333';
const OU = 'ou-ab12-abcdefgh';

function table(stack: Stack, id: string, tag?: string) {
  const t = new dynamodb.Table(stack, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
  if (tag) Tags.of(t).add('backup-plan', tag);
  return t;
}

describe('Readiness-BAK1 counts an explicitly declared organization backup policy', () => {
  test('compliant: tagged tables of the declaring account in a covered region; non-compliant: untagged, another region, another account', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    // The management app's policy gives the declaration its props (one app here; in practice the member account's app copies them).
    const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
    const policy = new OrganizationBackupPolicy(management, 'Backups', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });

    const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
    new OrganizationBackupCoverage(member, 'OrganizationBackups', policy.coverageProps());
    table(member, 'Tagged', 'organization');
    table(member, 'OtherValue', 'none');
    table(member, 'Untagged');
    // Same account, a region the policy does not back up.
    table(new Stack(app, 'MemberUs', { env: { account: MEMBER, region: 'us-east-1' } }), 'Tagged', 'organization');
    // Another account: the declaration is per account.
    table(new Stack(app, 'Other', { env: { account: '444444444444', region: 'eu-west-1' } }), 'Tagged', 'organization');

    expect(findingsOf(app, 'Readiness-BAK1').map((f) => f.constructPath).sort()).toEqual([
      'Member/OtherValue/Resource', 'Member/Untagged/Resource', 'MemberUs/Tagged/Resource', 'Other/Tagged/Resource',
    ]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ passed: 1, findings: 4 });
  });

  test('the declaration is a tagged SSM parameter holding the policy\'s selection', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const stack = new Stack(app, 'Member');
    const coverage = new OrganizationBackupCoverage(stack, 'C', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: ['v'] });
    expect(stack.resolve(coverage.parameter.tags.renderTags())).toEqual({ 'cdk-readiness:purpose': 'organization-backup-declaration' });
    expect(JSON.parse(coverage.parameter.value)).toEqual({ schema: 1, policyName: 'p', regions: ['eu-west-1'], tagKey: 'k', tagValues: ['v'] });
  });

  test('PROD refuses a declaration without the copy region; no regions or tag values are refused', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    const stack = new Stack(app, 'Member');
    expect(() => new OrganizationBackupCoverage(stack, 'A', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: ['v'] }))
      .toThrow(/invalid copyRegion undefined\. The prod profile requires a copy/);
    expect(() => new OrganizationBackupCoverage(stack, 'B', { policyName: 'p', regions: [], selectionTagKey: 'k', selectionTagValues: ['v'], copyRegion: 'eu-central-1' }))
      .toThrow(/invalid regions \[\]/);
    expect(() => new OrganizationBackupCoverage(stack, 'C', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: [], copyRegion: 'eu-central-1' }))
      .toThrow(/invalid selectionTagKey\/selectionTagValues/);
  });
});
