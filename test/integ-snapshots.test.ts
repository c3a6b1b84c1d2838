// Integration snapshot tests: every test/integ.*.ts app (integ-runner's layout) is synthesized with
// the real CDK CLI and its templates are compared with the committed snapshot beside it
// (test/integ.<name>.ts.snapshot/), so an unintended template change fails the build.
// `npx projen integ:snapshot` rewrites the snapshots after an intended change.
//
// Why not `integ-runner --dry-run` itself: @aws-cdk/integ-runner 2.197.10 (the newest) reads
// cloud-assembly schema 53 at most, aws-cdk-lib 2.276 writes 55 ("AssemblyVersionMismatch").
// The apps and snapshot directories follow its conventions so it can take over when it catches up.
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, removeSynthOutput, synthExample, SynthResult } from './util/cdk-cli';

const TEST_DIR = __dirname;
const INTEG_APPS = fs.readdirSync(TEST_DIR).filter((f) => /^integ\..+\.ts$/.test(f)).sort();
const UPDATE = process.env.INTEG_UPDATE_SNAPSHOTS === '1';
/** Content hashes of assets change with every code edit: compared as placeholders. */
const ASSET_HASH = /[0-9a-f]{64}/g;

/** What a snapshot holds: the templates and asset manifests of every stack, the integ manifest. */
function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    if (/\.template\.json$|\.assets\.json$|^integ\.json$/.test(name)) {
      files.set(name, normalize(fs.readFileSync(path.join(dir, name), 'utf-8')));
    }
  }
  return files;
}

function normalize(text: string): string {
  return JSON.stringify(JSON.parse(text.replace(ASSET_HASH, '<asset-hash>')), undefined, 1) + '\n';
}

test('there are integration test apps', () => {
  expect(INTEG_APPS).toEqual(expect.arrayContaining(['integ.remote-state-backend.ts', 'integ.cross-region-backup.ts']));
});

describe.each(INTEG_APPS)('%s', (file) => {
  const snapshotDir = path.join(TEST_DIR, `${file}.snapshot`);
  let run: SynthResult;
  beforeAll(() => {
    const app = `npx ts-node --transpile-only --project ${path.join('test', 'tsconfig.json')} ${path.join('test', file)}`;
    run = synthExample(REPO_ROOT, {}, { app });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('synthesizes with the CDK CLI', () => {
    expect({ status: run.status, output: run.status === 0 ? '' : run.output }).toEqual({ status: 0, output: '' });
  });

  test('matches its committed snapshot (templates, asset manifests, integ manifest)', () => {
    const actual = snapshotFiles(run.outdir);
    expect([...actual.keys()].some((f) => f.endsWith('.template.json'))).toBe(true);
    if (UPDATE) {
      fs.rmSync(snapshotDir, { recursive: true, force: true });
      fs.mkdirSync(snapshotDir, { recursive: true });
      for (const [name, text] of actual) fs.writeFileSync(path.join(snapshotDir, name), text);
    }
    expect(fs.existsSync(snapshotDir) ? 'present' : `missing: run \`npx projen integ:snapshot\` to create ${path.relative(REPO_ROOT, snapshotDir)}`).toBe('present');
    const expected = snapshotFiles(snapshotDir);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [name, text] of actual) {
      // One assertion per file, so a failure names the file that changed.
      expect({ file: name, content: text }).toEqual({ file: name, content: expected.get(name) });
    }
  });
});
