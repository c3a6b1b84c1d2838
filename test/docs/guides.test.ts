// The guides in docs/ against the code: every TypeScript sample in a guide is a region of a file in
// test/docs/ (where it is type-checked below and run by the tests beside it), every sample is in a
// guide, every relative link resolves, and the README links every guide.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { DOCS_DIR, guides, NOT_GUIDES, REPO_ROOT, sampleFiles, samplesIn, tsBlocksIn } from './doc-samples';

const rel = (f: string) => path.relative(REPO_ROOT, f);
const samples = sampleFiles().flatMap(samplesIn);

test('every guide is listed here and has its samples', () => {
  expect(guides().map((g) => path.basename(g))).toEqual([
    'adoption-and-testing.md',
    'backup-verifier.md',
    'cross-region-backup.md',
    'custom-rules.md',
    'deployment-safety.md',
    'organization.md',
    'readiness-checks.md',
    'remote-state-backend.md',
    'scaling-and-failover.md',
    'security-baseline.md',
    'service-monitoring.md',
    'testing.md',
  ]);
  for (const guide of guides()) expect({ guide: rel(guide), blocks: tsBlocksIn(guide).length > 0 }).toEqual({ guide: rel(guide), blocks: true });
});

test('every TypeScript block of a guide is a sample of test/docs/, verbatim', () => {
  const known = new Set(samples.map((s) => s.code));
  const missing = guides().flatMap((g) => tsBlocksIn(g).filter((b) => !known.has(b)).map((b) => `${rel(g)}:\n${b}`));
  expect(missing).toEqual([]);
});

test('every sample is shown in a guide, and sample names are unique', () => {
  const shown = new Set(guides().flatMap(tsBlocksIn));
  expect(samples.filter((s) => !shown.has(s.code)).map((s) => `${s.name} (${rel(s.file)})`)).toEqual([]);
  const names = samples.map((s) => s.name);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
});

test('the samples type-check (strict, as users compile them; `cdk-readiness` is this source tree)', () => {
  const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent({ compilerOptions: config.compilerOptions, files: [] }, ts.sys, REPO_ROOT);
  const program = ts.createProgram(sampleFiles(), {
    ...options,
    noEmit: true,
    rootDir: REPO_ROOT,
    paths: { 'cdk-readiness': [path.join(REPO_ROOT, 'src', 'index.ts')] },
    // Samples show a construct's result in a variable even where the page does not use it further.
    noUnusedLocals: false,
    noUnusedParameters: false,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${rel(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  expect(diagnostics).toEqual([]);
});

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const text = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(m[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return out;
}

test('relative links of the guides, the reference pages and the README resolve, anchors included', () => {
  const broken: string[] = [];
  const reference = fs.readdirSync(path.join(DOCS_DIR, 'reference')).filter((f) => f.endsWith('.md')).map((f) => path.join(DOCS_DIR, 'reference', f));
  expect(reference.length).toBeGreaterThan(0);
  const others = NOT_GUIDES.map((f) => path.join(DOCS_DIR, f));
  for (const file of [...guides(), ...others, ...reference, path.join(REPO_ROOT, 'README.md')]) {
    const text = fs.readFileSync(file, 'utf-8').replace(/^```[\s\S]*?^```$/gm, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      const [file2, anchor] = target.split('#');
      const resolved = file2 === '' ? file : path.resolve(path.dirname(file), file2);
      if (!fs.existsSync(resolved)) {
        broken.push(`${rel(file)}: ${target} (no such file)`);
      } else if (anchor && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf-8')).has(anchor)) {
        broken.push(`${rel(file)}: ${target} (no such heading)`);
      }
    }
  }
  expect(broken).toEqual([]);
});

test('the README links every guide', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf-8');
  const linked = guides().filter((g) => !readme.includes(`](docs/${path.basename(g)}`));
  expect(linked.map(rel)).toEqual([]);
  expect(fs.existsSync(DOCS_DIR)).toBe(true);
});
