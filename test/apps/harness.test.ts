// The harness is what makes the suite fail on noise and on misses: its comparison is tested here
// on hand-made reports, without synthesizing anything.
import { actualFindings, AppExpectation, AppReport, checkFindings, renderExpectation } from './harness';

/** A hand-made report with the fields the harness reads (the rest of readiness-report.json is left out). */
function report(...findings: Array<[string, string]>): AppReport {
  const partial = {
    summary: { errors: findings.length, warnings: 0, acknowledged: 0, resources: 1, stacks: 1 },
    overall: { score: 0, passed: false },
    stacks: [],
    findings: findings.map(([ruleId, constructPath]) => ({ ruleId, constructPath, severity: 'error', message: 'm' })),
    acknowledged: [],
  };
  return partial as unknown as AppReport;
}

const TWO = report(['Readiness-MON1', 'S/Queue/Resource'], ['Readiness-BAK1', 'S/Table/Resource']);
const expectTwo: AppExpectation = {
  findings: [['Readiness-BAK1', 'S/Table/Resource'], ['Readiness-MON1', 'S/Queue/Resource']],
  total: 2,
};

describe('checkFindings', () => {
  test('passes when the report has exactly the expected findings, in any order', () => {
    expect(() => checkFindings('app', TWO, expectTwo)).not.toThrow();
  });

  test('fails on a finding nobody expected (new noise), quoting it ready to paste', () => {
    const noisy = report(['Readiness-MON1', 'S/Queue/Resource'], ['Readiness-BAK1', 'S/Table/Resource'], ['Readiness-MON4', 'S/Queue/Resource']);
    expect(() => checkFindings('app', noisy, expectTwo)).toThrow(/reported but not expected[^]*\['Readiness-MON4', 'S\/Queue\/Resource'\]/);
  });

  test('fails on an expected finding that is gone (a missed gap)', () => {
    expect(() => checkFindings('app', report(['Readiness-BAK1', 'S/Table/Resource']), { ...expectTwo, total: 2 }))
      .toThrow(/expected but not reported[^]*\['Readiness-MON1', 'S\/Queue\/Resource'\]/);
  });

  test('counts repeated findings: a second finding of one rule on one path is noise too', () => {
    const twice = report(['Readiness-MON1', 'S/Queue/Resource'], ['Readiness-BAK1', 'S/Table/Resource'], ['Readiness-MON1', 'S/Queue/Resource']);
    expect(() => checkFindings('app', twice, expectTwo)).toThrow(/reported but not expected[^]*Readiness-MON1/);
  });

  test('fails when the total is not the report\'s, or not findings + knownWrong', () => {
    expect(() => checkFindings('app', TWO, { ...expectTwo, total: 3 })).toThrow(/the expectation's total \(3\)/);
  });

  test('known-wrong findings are asserted present, and their disappearance is named as such', () => {
    const withWrong: AppExpectation = {
      findings: [['Readiness-BAK1', 'S/Table/Resource']],
      knownWrong: [{ finding: ['Readiness-MON1', 'S/Queue/Resource'], why: 'a false positive' }],
      total: 2,
    };
    expect(() => checkFindings('app', TWO, withWrong)).not.toThrow();
    expect(() => checkFindings('app', report(['Readiness-BAK1', 'S/Table/Resource']), withWrong)).toThrow(/known-wrong findings no longer reported/);
  });

  test('known misses are asserted absent: once a rule reports one, the test says to move it', () => {
    const withMiss: AppExpectation = {
      findings: [['Readiness-BAK1', 'S/Table/Resource']],
      knownMissing: [{ finding: ['Readiness-MON1', 'S/Queue/Resource'], why: 'a miss' }],
      total: 1,
    };
    expect(() => checkFindings('app', report(['Readiness-BAK1', 'S/Table/Resource']), withMiss)).not.toThrow();
    expect(() => checkFindings('app', TWO, { ...withMiss, total: 2 })).toThrow(/known misses now reported[^]*Readiness-MON1/);
  });

  test('the actual list is sorted by rule, then path, and rendered as the expectation\'s TypeScript', () => {
    expect(actualFindings(TWO)).toEqual([['Readiness-BAK1', 'S/Table/Resource'], ['Readiness-MON1', 'S/Queue/Resource']]);
    expect(renderExpectation(actualFindings(TWO))).toBe([
      '  findings: [',
      '    [\'Readiness-BAK1\', \'S/Table/Resource\'],',
      '    [\'Readiness-MON1\', \'S/Queue/Resource\'],',
      '  ],',
      '  total: 2,',
    ].join('\n'));
  });
});
