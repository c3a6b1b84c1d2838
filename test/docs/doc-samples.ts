// The code samples of docs/*.md live in the TypeScript files of test/docs/, between
// `// sample: <name>` and `// end-sample` (indentation removed), where they are compiled
// (test/docs/guides.test.ts type-checks them) and run by the tests around them.
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const DOCS_DIR = path.join(REPO_ROOT, 'docs');
export const SAMPLES_DIR = __dirname;

export interface Sample {
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

const START = /^([ \t]*)\/\/ sample: (\S+)[ \t]*$/;
const END = /^[ \t]*\/\/ end-sample[ \t]*$/;

/** The TypeScript files of test/docs/ (samples and their tests), recursively. */
export function sampleFiles(dir = SAMPLES_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sampleFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  }).sort();
}

/** Every sample region of a file, dedented by the indentation of its start marker. */
export function samplesIn(file: string): Sample[] {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const out: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = START.exec(lines[i]);
    if (!start) continue;
    const [, indent, name] = start;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !END.test(lines[j]); j++) {
      const line = lines[j];
      if (line.trim() !== '' && !line.startsWith(indent)) {
        throw new Error(`${path.relative(REPO_ROOT, file)}:${j + 1}: sample '${name}' has a line indented less than its marker`);
      }
      body.push(line.substring(Math.min(indent.length, line.length)).trimEnd());
    }
    if (j === lines.length) throw new Error(`${path.relative(REPO_ROOT, file)}:${i + 1}: sample '${name}' has no '// end-sample'`);
    out.push({ name, file, code: body.join('\n') + '\n' });
    i = j;
  }
  return out;
}

/** The ```ts blocks of a Markdown file. */
export function tsBlocksIn(markdownFile: string): string[] {
  const text = fs.readFileSync(markdownFile, 'utf-8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** The guides: docs/*.md. */
/** Pages of docs/ that are not user guides (no samples): the map of the source tree for contributors. */
export const NOT_GUIDES = ['architecture.md'];

export function guides(): string[] {
  return fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md') && !NOT_GUIDES.includes(f)).sort().map((f) => path.join(DOCS_DIR, f));
}
