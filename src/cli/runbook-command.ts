import * as fs from 'fs';
import * as path from 'path';
import { ArgumentError, flag, parseCommandArgs, ParsedArgs, stringValue } from './args';
import { RUNBOOK_DIRECTORY } from '../shared/runbook-anchor';

export const RUNBOOK_USAGE = `Usage: cdk-readiness runbook [cdk.out] [--stack ID]

Prints a runbook that \`cdk synth\` generated into the cloud assembly (ReadinessChecks writes
runbooks/README.md and one runbooks/<stack artifact id>.md per stack): what each alarm means and
the first checks, how to restore every backed-up data store in the DR region, what to do for each
security-finding and backup-failure route, maintenance, and the Terraform state backend.

  cdk.out        the cloud assembly directory (default cdk.out)
  --stack ID     the stack: its artifact id, stack name or construct path (default: the index)
  --list         list the stacks that have a runbook
  --help         show this help

Examples:
  npx cdk-readiness runbook                      # the index of cdk.out/runbooks
  npx cdk-readiness runbook cdk.out --stack WebService
  npx cdk-readiness runbook --stack Prod/Data | less
`;

interface ManifestEntry {
  readonly artifactId: string;
  readonly stackName: string;
  readonly path: string;
  readonly region: string | null;
  readonly file: string;
}

/** `runbook [cdk.out] [--stack ID] [--list]`: prints the index or a stack's runbook; returns the exit code. */
export function runbookCommand(args: string[], write: (s: string) => void): number {
  let parsed: ParsedArgs;
  try {
    parsed = parseCommandArgs(args, { stack: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    const message = e.problem === 'unknown-option' ? `Unknown option '${e.option}' for runbook.`
      : e.problem === 'missing-value' ? 'Option --stack of runbook needs a value: a stack\'s artifact id, name or construct path.' : e.message;
    write(`${message}\n\n${RUNBOOK_USAGE}`);
    return 2;
  }
  if (flag(parsed, 'help')) {
    write(RUNBOOK_USAGE);
    return 0;
  }
  const stack = stringValue(parsed, 'stack');
  const list = flag(parsed, 'list');
  const positional = parsed.positionals;
  if (positional.length > 1) {
    write(`runbook takes one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}.\n\n${RUNBOOK_USAGE}`);
    return 2;
  }
  const dir = path.join(positional[0] ?? 'cdk.out', RUNBOOK_DIRECTORY);
  const manifestFile = path.join(dir, 'index.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(
      `No runbooks in '${dir}'. Run \`cdk synth\` on an app that registers ReadinessChecks ` +
        '(Validations.of(app).addPlugins(new ReadinessChecks(app))), then pass its output directory (default cdk.out).',
    );
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8')) as { tool?: string; runbooks?: ManifestEntry[] };
  if (manifest.tool !== 'cdk-readiness' || !Array.isArray(manifest.runbooks)) {
    throw new Error(`'${manifestFile}' is not a cdk-readiness runbook index.`);
  }
  const entries = manifest.runbooks;
  if (list) {
    for (const e of entries) write(`${e.artifactId}\t${e.stackName}\t${e.path}\t${e.region ?? 'any'}\n`);
    return 0;
  }
  if (stack === undefined) {
    write(fs.readFileSync(path.join(dir, 'README.md'), 'utf-8'));
    return 0;
  }
  const wanted = stack;
  const match = entries.find((e) => e.artifactId === wanted || e.stackName === wanted || e.path === wanted)
    ?? entries.find((e) => [e.artifactId, e.stackName, e.path].some((v) => v.toLowerCase() === wanted.toLowerCase()));
  if (!match) {
    write(`No runbook for stack '${wanted}' in '${dir}'. Stacks with a runbook (artifact id, name, path):\n` +
      entries.map((e) => `  ${e.artifactId}  ${e.stackName}  ${e.path}\n`).join(''));
    return 2;
  }
  write(fs.readFileSync(path.join(path.dirname(dir), match.file), 'utf-8'));
  return 0;
}
