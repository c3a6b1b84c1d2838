/**
 * The README's Jest recipe, verbatim (between the markers): the last test proves README and this
 * file say the same thing, so the recipe users copy is one that runs.
 */
import * as fs from 'fs';
import * as path from 'path';

// README recipe start
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessChecks, ReadinessTesting } from 'cdk-readiness';
import { Construct } from 'constructs';

// Your stack (normally imported from your own code).
class AssetsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    // RETAIN by default; versioned, so an overwritten file can be brought back (Readiness-BAK8).
    const assets = new s3.Bucket(this, 'Assets', { versioned: true });
    // Accepted gaps: acknowledged in code, with the reason the readiness report shows.
    ReadinessChecks.acknowledgeRule(assets, 'Readiness-BAK1', 'Site assets, uploaded again by every deploy');

    const scratch = new s3.Bucket(this, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    for (const rule of ['Readiness-STA5', 'Readiness-BAK1', 'Readiness-BAK8']) {
      ReadinessChecks.acknowledgeRule(scratch, rule, 'Scratch files, rebuilt by every CI run');
    }
  }
}

describe('AssetsStack', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = new AssetsStack(app, 'Assets', {
    env: { account: '111111111111', region: 'eu-west-1' },
    terminationProtection: true,
  });

  test('is production-ready', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test('template matches the snapshot', () => {
    expect(ReadinessTesting.normalizedTemplate(stack)).toMatchSnapshot();
  });
});
// README recipe end

test('the README shows exactly this recipe', () => {
  const recipe = (text: string) => text.split('// README recipe start\n')[1].split('// README recipe end')[0];
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const self = fs.readFileSync(__filename, 'utf-8');
  expect(readme).toContain('```ts\n' + recipe(self) + '```');
});
