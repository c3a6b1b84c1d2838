import * as fs from 'fs';
import * as path from 'path';
import { IConstruct, MetadataEntry } from 'constructs';
import { memoize } from '../shared/memo';

/** Where in the user's source code a resource was created. */
export interface SourceLocation {
  /** Path relative to the source root (the git checkout, else the working directory), `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Metadata type under which aws-cdk-lib records the creation stack of every L1 resource. */
const CREATION_STACK = 'aws:cdk:creationStack';

/** `fn (/abs/file.ts:12:5)` or `/abs/file.ts:12:5`, as V8 prints frames. */
const FRAME = /\(?((?:[A-Za-z]:)?[\\/][^():]*?):(\d+):(\d+)\)?$/;

/** This package's own code (src/ when run from source, lib/ when installed): not the user's. */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');
const OWN_CODE = [path.join(PACKAGE_ROOT, 'src') + path.sep, path.join(PACKAGE_ROOT, 'lib') + path.sep];

/** The creation stack aws-cdk-lib recorded for a construct (on by default), if any. */
export function creationStackOf(node: IConstruct): readonly string[] | undefined {
  return creationStackIn(node.node.metadata);
}

/** The creation stack among a construct's metadata entries, if any. */
export function creationStackIn(metadata: readonly MetadataEntry[]): readonly string[] | undefined {
  for (const entry of metadata) {
    if (entry.type === CREATION_STACK && Array.isArray(entry.data)) return entry.data as string[];
  }
  return undefined;
}

/**
 * Finds, in creation stacks, the first frame that is the user's code: not in node_modules, not in
 * this package, not a Node.js internal. Paths are relative to the source root so reports stay
 * machine-independent. Many resources share frames (the same line of the user's code creates
 * them in a loop, or through the same helper): each distinct frame is parsed once per locator,
 * and each creation stack is looked up once.
 */
export function sourceLocator(root: string = sourceRoot()): (frames: readonly string[] | undefined) => SourceLocation | undefined {
  const parse = memoize((frame: string): SourceLocation | undefined => {
    const m = FRAME.exec(frame.trim());
    if (!m) return undefined;
    const file = m[1];
    if (file.includes(`${path.sep}node_modules${path.sep}`) || OWN_CODE.some((own) => file.startsWith(own))) return undefined;
    const relative = path.relative(root, file).split(path.sep).join('/');
    return { file: relative, line: Number(m[2]), column: Number(m[3]) };
  });
  const locate = memoize((frames: readonly string[]): SourceLocation | undefined => {
    for (const frame of frames) {
      const location = parse(frame);
      if (location) return location;
    }
    return undefined;
  });
  return (frames) => (frames === undefined ? undefined : locate(frames));
}

let cachedRoot: { cwd: string; root: string } | undefined;

/**
 * The root source paths are given against: the enclosing git checkout of the working directory
 * (what code scanning resolves `%SRCROOT%` to), else the working directory itself.
 */
export function sourceRoot(): string {
  const cwd = process.cwd();
  if (cachedRoot?.cwd === cwd) return cachedRoot.root;
  let dir = cwd;
  let root = cwd;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) {
      root = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cachedRoot = { cwd, root };
  return root;
}
