import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { prodBackend } from './helpers';
import { StateLocking } from '../../src';

/** Every violation of a pack on the app, as `rule path` lines. */
function violations(app: any, pack: AwsSolutionsChecks | NIST80053R5Checks): string[] {
  return pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
}

describe('clean under cdk-nag', () => {
  const build = () => {
    const { app, backend } = prodBackend({ locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE, replicationTimeControl: true, environments: [{ name: 'prod' }, { name: 'staging' }] });
    backend.readWritePolicy('prod');
    backend.readOnlyPolicy('prod');
    backend.readWritePolicy('staging');
    return app;
  };

  test('AwsSolutionsChecks', () => {
    expect(violations(build(), new AwsSolutionsChecks())).toEqual([]);
  });

  test('NIST80053R5Checks', () => {
    expect(violations(build(), new NIST80053R5Checks())).toEqual([]);
  });

  test('a real synth with both packs registered succeeds', () => {
    const app = build();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
