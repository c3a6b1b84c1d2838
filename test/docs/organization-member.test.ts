// docs/organization.md: the member account's declarations, run.
import { findingsOf } from '../util/findings';
import * as member from './samples/organization-member';

test('the member sample\'s declarations satisfy BAK1 and BAK2 for the tagged table, and declare the organization\'s security services', () => {
  expect(findingsOf(member.app, 'Readiness-BAK1')).toEqual([]);
  expect(findingsOf(member.app, 'Readiness-BAK2')).toEqual([]);
  const declaration = member.workload.node.findAll().filter((c: any) => c.cfnResourceType === 'AWS::SSM::Parameter')
    .map((p: any) => JSON.parse(p.value)).find((v) => v.organization);
  expect(declaration.provided).toEqual(['cloudtrail', 'config', 'ecr-scanning', 'guardduty', 'incident-routing', 'inspector', 'securityhub']);
});
