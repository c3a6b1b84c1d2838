import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage, Stack } from 'aws-cdk-lib';
import { main } from '../../src/cli/main';
import { appIn, handWrittenDr, PRIMARY, synthRunbooks } from '../runbooks/helpers';

function run(argv: string[]): { code: number; out: string } {
  let out = '';
  const code = main(argv, (s) => (out += s)) as number;
  return { code, out };
}

describe('cdk-readiness runbook', () => {
  const app = appIn();
  handWrittenDr(app);
  const nested = new Stack(new Stage(app, 'Prod'), 'Web', { env: PRIMARY });
  const files = synthRunbooks(app);
  const dir = app.outdir;

  test('prints the index of the cloud assembly\'s runbooks', () => {
    expect(run(['runbook', dir])).toEqual({ code: 0, out: files.get('README.md') });
  });

  test('--stack prints one runbook, found by artifact id, stack name or construct path', () => {
    expect(run(['runbook', dir, '--stack', 'Data'])).toEqual({ code: 0, out: files.get('Data.md') });
    expect(run(['runbook', dir, '--stack=Prod/Web'])).toEqual({ code: 0, out: files.get(`${nested.artifactId}.md`) });
    expect(run(['runbook', '--stack', nested.stackName, dir]).out).toBe(files.get(`${nested.artifactId}.md`));
    expect(run(['runbook', dir, '--stack', 'data']).out).toBe(files.get('Data.md'));
  });

  test('defaults to ./cdk.out', () => {
    const cwd = process.cwd();
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cli-'));
    fs.cpSync(dir, path.join(parent, 'cdk.out'), { recursive: true });
    try {
      process.chdir(parent);
      expect(run(['runbook', '--stack', 'Dr'])).toEqual({ code: 0, out: files.get('Dr.md') });
    } finally {
      process.chdir(cwd);
    }
  });

  test('--list prints artifact id, stack name, construct path and region of each stack', () => {
    expect(run(['runbook', dir, '--list'])).toEqual({
      code: 0,
      out: `Data\tData\tData\teu-west-1\nDr\tDr\tDr\teu-central-1\n${nested.artifactId}\t${nested.stackName}\tProd/Web\teu-west-1\n`,
    });
  });

  test('an unknown stack exits 2 and lists the stacks that have a runbook', () => {
    const { code, out } = run(['runbook', dir, '--stack', 'Nope']);
    expect(code).toBe(2);
    expect(out).toContain(`No runbook for stack 'Nope' in '${path.join(dir, 'runbooks')}'`);
    expect(out).toContain('  Dr  Dr  Dr\n');
  });

  test('bad usage exits 2 with the help; --help exits 0', () => {
    expect(run(['runbook', dir, '--stack'])).toMatchObject({ code: 2, out: expect.stringContaining('Option --stack of runbook needs a value') });
    expect(run(['runbook', dir, '--verbose'])).toMatchObject({ code: 2, out: expect.stringContaining('Unknown option \'--verbose\' for runbook') });
    expect(run(['runbook', dir, dir])).toMatchObject({ code: 2, out: expect.stringContaining('runbook takes one cloud assembly directory') });
    expect(run(['runbook', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: cdk-readiness runbook [cdk.out] [--stack ID]') });
    expect(run(['help']).out).toContain('runbook [cdk.out] [--stack ID]');
  });

  test('a directory without runbooks is an error that says how to get them', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cli-'));
    expect(() => run(['runbook', empty])).toThrow(/No runbooks in '.*runbooks'\. Run `cdk synth` on an app that registers ReadinessChecks/);
  });
});
