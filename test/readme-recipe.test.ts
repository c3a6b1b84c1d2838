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
    new s3.Bucket(this, 'Assets'); // RETAIN by default

    const scratch = new s3.Bucket(this, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    // An accepted gap: acknowledged in code, with the reason the readiness report shows.
    ReadinessChecks.acknowledgeRule(scratch, 'Readiness-STA5', 'Scratch files, rebuilt by every CI run');
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
