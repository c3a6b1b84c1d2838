// The layers of src/ and their one-way arrows (docs/architecture.md draws them). Every relative
// import of every source file is read and checked against the allowed arrows, and the file-level
// import graph must have no cycle. A new folder must be given a layer here before it can import
// anything.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');

/** Layers, matched in order against a file's path relative to src/ (first match wins). */
const LAYERS: ReadonlyArray<{ readonly layer: string; readonly pattern: RegExp }> = [
  { layer: 'shared', pattern: /^shared\// },
  { layer: 'profile', pattern: /^profile\// },
  { layer: 'analysis', pattern: /^analysis\// },
  { layer: 'runbook-rendering', pattern: /^runbooks\/render\// },
  { layer: 'plugin', pattern: /^checks\/(readiness-checks|index)\.ts$/ }, // the plugin and the checks' public barrel
  { layer: 'checks', pattern: /^checks\// },
  { layer: 'constructs', pattern: /^(backup|deployment|monitoring|organization|scaling|security|state|runbooks)\// },
  { layer: 'testing', pattern: /^testing\// },
  { layer: 'cli', pattern: /^cli\// },
  { layer: 'entry', pattern: /^index\.ts$/ },
];

/** Which layers each layer may import (its own layer is always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  'shared': [],
  'profile': ['shared'],
  'constructs': ['profile', 'shared'],
  'analysis': ['profile', 'shared'],
  'checks': ['analysis', 'profile', 'shared'],
  'runbook-rendering': ['analysis', 'profile', 'shared'],
  // ReadinessChecks, the cdk-nag plugin, orchestrates: index -> rules -> reports + runbooks.
  'plugin': ['checks', 'runbook-rendering', 'analysis', 'profile', 'shared'],
  'testing': ['plugin', 'checks', 'profile', 'shared'],
  'cli': ['plugin', 'checks', 'runbook-rendering', 'analysis', 'constructs', 'profile', 'shared'],
  'entry': ['plugin', 'checks', 'constructs', 'testing', 'profile', 'shared'],
};

/**
 * Single files allowed across layers, each with its reason. Keep this list short.
 */
const EXCEPTIONS: ReadonlyArray<{ readonly from: string; readonly to: string; readonly why: string }> = [
  {
    from: 'src/runbooks/render/render.ts',
    to: 'src/backup/verifier/private/drill-metadata.ts',
    why: 'REGION_BOUND, the restore metadata keys a DR restore drops, is defined once in the verifier Lambda\'s own module: ' +
      'moving it would change the bundled Lambda code (its asset hash) of every app with a BackupVerifier',
  },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  const found = LAYERS.find((l) => l.pattern.test(rel));
  if (!found) throw new Error(`src/${rel} belongs to no layer: add its folder to LAYERS in test/architecture.test.ts and docs/architecture.md`);
  return found.layer;
}

/** Relative module specifiers of a file: imports, re-exports, require() and import() calls (type-only imports too). */
function relativeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith('.'));
}

function resolve(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${path.relative(SRC, from)}: cannot resolve import '${spec}'`);
}

const files = sourceFiles(SRC);
const graph = new Map<string, string[]>(files.map((f) => [f, relativeImports(f).map((s) => resolve(f, s))]));
const rel = (f: string) => `src/${path.relative(SRC, f).split(path.sep).join('/')}`;

describe('architecture: layers and one-way arrows', () => {
  test('every source file belongs to a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(() => layerOf(f)).not.toThrow();
  });

  test('every import follows an allowed arrow', () => {
    const violations: string[] = [];
    for (const [from, targets] of graph) {
      const fromLayer = layerOf(from);
      for (const to of targets) {
        const toLayer = layerOf(to);
        const excepted = EXCEPTIONS.some((e) => e.from === rel(from) && e.to === rel(to));
        if (toLayer !== fromLayer && !ALLOWED[fromLayer].includes(toLayer) && !excepted) {
          violations.push(`${rel(from)} (${fromLayer}) imports ${rel(to)} (${toLayer})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test('no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const to of graph.get(f) ?? []) {
        if (state.get(to) === 'open') cycles.push([...stack.slice(stack.indexOf(to)), to].map(rel).join(' -> '));
        else if (!state.has(to)) visit(to);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  test('every exception is still needed', () => {
    for (const e of EXCEPTIONS) {
      const from = path.join(SRC, '..', e.from);
      expect(graph.get(from)?.map(rel)).toContain(e.to);
    }
  });

  test('the checker sees what it checks: a forbidden arrow and a cycle are caught', () => {
    // Guard against a vacuous pass (a parser that found no imports).
    const analysisImports = [...graph].filter(([f]) => layerOf(f) === 'analysis').flatMap(([, t]) => t);
    expect(analysisImports.some((t) => layerOf(t) === 'shared')).toBe(true);
    expect(ALLOWED.analysis).not.toContain('checks');
    expect(relativeImports(path.join(SRC, 'checks', 'readiness-checks.ts')).length).toBeGreaterThan(5);
  });
});
