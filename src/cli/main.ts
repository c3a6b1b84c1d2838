#!/usr/bin/env node
import * as fs from 'fs';
import { ArgumentError, flag, parseCommandArgs, ParsedArgs, stringValue } from './args';
import { backendConfigFromOutputs } from './backend-config-command';
import { loadReport, renderTerminal } from './report-command';
import { runbookCommand } from './runbook-command';
import { verifyBackups } from './verify-backups-command';

const USAGE = `Usage: cdk-readiness <command> [options]

Commands:
  report [cdk.out]   Print the readiness scorecard that \`cdk synth\` wrote into the cloud
                     assembly (readiness-report.json). Options:
                       --json            print the report as JSON
                       --fail-on-error   exit 1 when the report has error findings

  runbook [cdk.out] [--stack ID]
                     Print the runbooks \`cdk synth\` generated from the app (runbooks/ in the
                     cloud assembly): the index, or one stack's runbook (artifact id, stack
                     name or construct path). \`cdk-readiness runbook --help\` lists its options.

  backend-config <outputs.json>
                     Write a Terraform/OpenTofu backend.tf from the outputs of a deployed
                     RemoteStateBackend (\`cdk deploy --outputs-file outputs.json\`). Options:
                       --stack NAME         the stack (when several have a backend)
                       --backend PATH       the backend's construct path (when a stack has several)
                       --environment NAME   the environment (when the backend serves several)
                       --key KEY            state key inside the environment prefix
                                            (default terraform.tfstate)
                       --tool terraform|opentofu   (default terraform)
                       --role-arn ARN       role to assume (assume_role block)
                       --out FILE           where to write (default backend.tf; - for stdout)

  verify-backups --primary-vault ARN --dr-vault ARN [options]
                     Verify against your AWS account that backups are fresh (RPO), copied to
                     the DR region (copy lag) and encrypted; list failed jobs; with --drill,
                     restore the DR copies and measure the restore time (RTO). Exits 1 when a
                     check fails. \`cdk-readiness verify-backups --help\` lists its options.

  help               Show this help.
`;

/**
 * Entry point of the `cdk-readiness` command; returns the exit code (a promise for
 * `verify-backups`, which calls AWS).
 */
export function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'verify-backups') {
    return verifyBackups(rest, {
      write,
      writeProgress: (s) => process.stderr.write(s),
      interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'report') {
    let parsed: ParsedArgs;
    try {
      parsed = parseCommandArgs(rest, { 'json': { type: 'boolean' }, 'fail-on-error': { type: 'boolean' } }, true);
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      write(`${e.problem === 'unknown-option' ? `Unknown option(s) for report: ${e.option}` : e.message}\n\n${USAGE}`);
      return 2;
    }
    if (parsed.positionals.length > 1) {
      write(`report takes one cloud assembly directory or report file, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}.\n\n${USAGE}`);
      return 2;
    }
    const { report, file } = loadReport(parsed.positionals[0] ?? 'cdk.out');
    write(flag(parsed, 'json') ? JSON.stringify(report, undefined, 2) + '\n' : renderTerminal(report, file));
    return flag(parsed, 'fail-on-error') && !report.overall.passed ? 1 : 0;
  }
  if (command === 'runbook') {
    return runbookCommand(rest, write);
  }
  if (command === 'backend-config') {
    return backendConfig(rest, write);
  }
  write(`Unknown command '${command}'.\n\n${USAGE}`);
  return 2;
}

const BACKEND_CONFIG_OPTIONS = ['stack', 'backend', 'environment', 'key', 'tool', 'role-arn', 'out'];

/** `backend-config <outputs.json> [--name value ...]` */
function backendConfig(rest: string[], write: (s: string) => void): number {
  let parsed: ParsedArgs;
  try {
    parsed = parseCommandArgs(rest, Object.fromEntries(BACKEND_CONFIG_OPTIONS.map((o) => [o, { type: 'string' as const }])), true);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    const message = e.problem === 'unknown-option' ? `Unknown option(s) for backend-config: ${e.option}`
      : e.problem === 'missing-value' ? `Option ${e.option} of backend-config needs a value.` : e.message;
    write(`${message}\n\n${USAGE}`);
    return 2;
  }
  const positional = parsed.positionals;
  const values: Record<string, string | undefined> = Object.fromEntries(BACKEND_CONFIG_OPTIONS.map((o) => [o, stringValue(parsed, o)]));
  if (positional.length !== 1) {
    write(`backend-config takes one outputs file (from \`cdk deploy --outputs-file\`).\n\n${USAGE}`);
    return 2;
  }
  const tool = values.tool ?? 'terraform';
  if (tool !== 'terraform' && tool !== 'opentofu') {
    write(`Unknown --tool '${tool}': use terraform or opentofu.\n`);
    return 2;
  }
  const text = backendConfigFromOutputs({
    outputsFile: positional[0],
    stack: values.stack,
    backend: values.backend,
    environment: values.environment,
    key: values.key,
    tool,
    roleArn: values['role-arn'],
  });
  const out = values.out ?? 'backend.tf';
  if (out === '-') {
    write(text);
  } else {
    fs.writeFileSync(out, text);
    write(`Wrote ${out}\n`);
  }
  return 0;
}

if (require.main === module) {
  const fatal = (e: unknown) => {
    process.stderr.write(`cdk-readiness: ${(e as Error).message}\n`);
    process.exitCode = 2;
  };
  try {
    Promise.resolve(main(process.argv.slice(2))).then((code) => {
      process.exitCode = code;
    }, fatal);
  } catch (e) {
    fatal(e);
  }
}
