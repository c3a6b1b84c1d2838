import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-MON1', 'Thumbnails/Resize/Resource'],
    ['Readiness-MON3', 'Thumbnails'],
    ['Readiness-MON4', 'Thumbnails/Resize/Resource'],
    ['Readiness-MON5', 'Thumbnails/ResizeLogs/Resource'],
    ['Readiness-PRF1', 'Thumbnails/Resize/Resource'],
    ['Readiness-SEC1', 'Thumbnails'],
    ['Readiness-SEC2', 'Thumbnails'],
    ['Readiness-SEC3', 'Thumbnails'],
    ['Readiness-SEC3', 'Thumbnails'],
    ['Readiness-SEC4', 'Thumbnails'],
    ['Readiness-STA4', 'Thumbnails'],
  ],
  total: 11,
};

describe('serverless-app: AWS::Serverless::Application next to a function', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('serverless-app', report, expected);
  });

  test('the two Serverless Application Repository apps, and the SAM transform they bring, are listed as not examined, with their count', () => {
    expect(report.notExamined?.map((r) => [r.type, r.path])).toEqual([
      ['AWS::Serverless-2016-10-31', 'Thumbnails'],
      ['AWS::Serverless::Application', 'Thumbnails/ImageMagickLayer'],
      ['AWS::Serverless::Application', 'Thumbnails/SlackNotifier'],
    ]);
    expect(report.summary.notExamined).toBe(3);
    // The function next to them is examined: its findings are above.
    expect(report.summary.resources).toBeGreaterThan(3);
  });
});
