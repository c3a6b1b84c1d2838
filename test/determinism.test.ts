import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from './util/cdk-cli';

/** Every example app of the repository: a folder of examples/ with a cdk.json. */
const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
const EXAMPLES = fs.readdirSync(EXAMPLES_DIR)
  .filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, 'cdk.json')))
  .sort();

/** Templates (in nested assemblies too), readiness reports and runbooks of a cloud assembly, by relative path. */
function outputs(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory() && (entry.name.startsWith('assembly-') || entry.name === 'runbooks')) {
      for (const [k, v] of outputs(path.join(dir, entry.name), rel)) files.set(k, v);
    } else if (/\.template\.json$|^readiness-report\.(json|md)$/.test(entry.name) || (prefix.endsWith('runbooks') && /\.(md|json)$/.test(entry.name))) {
      files.set(rel, fs.readFileSync(path.join(dir, entry.name), 'utf-8'));
    }
  }
  return files;
}

test('there are examples to check', () => {
  expect(EXAMPLES).toContain('before-audit');
});

describe.each(EXAMPLES)('examples/%s synthesizes deterministically', (example) => {
  const runs: SynthResult[] = [];
  beforeAll(() => {
    for (let i = 0; i < 2; i++) runs.push(synthExample(path.join(EXAMPLES_DIR, example), { 'readiness:profile': 'dev' }));
  }, 300_000);
  afterAll(() => runs.forEach(removeSynthOutput));

  test('two synths give byte-identical templates, readiness reports and runbooks, free of machine paths', () => {
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    const [first, second] = runs.map((r) => outputs(r.outdir));
    expect(first.size).toBeGreaterThan(0);
    expect([...first.keys()]).toContain('readiness-report.json');
    expect([...first.keys()]).toContain(path.join('runbooks', 'README.md'));
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, content] of first) {
      expect({ file, content: second.get(file) }).toEqual({ file, content });
      expect({ file, tmp: content.includes(os.tmpdir()) || content.includes(runs[0].outdir) }).toEqual({ file, tmp: false });
    }
  });
});
