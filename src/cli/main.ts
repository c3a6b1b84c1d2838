#!/usr/bin/env node
import { loadReport, renderTerminal } from './report-command';

const USAGE = `Usage: cdk-readiness <command> [options]

Commands:
  report [cdk.out]   Print the readiness scorecard that \`cdk synth\` wrote into the cloud
                     assembly (readiness-report.json). Options:
                       --json            print the report as JSON
                       --fail-on-error   exit 1 when the report has error findings

  help               Show this help.
`;

/** Entry point of the `cdk-readiness` command; returns the exit code. */
export function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): number {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'report') {
    const unknown = [...flags].filter((f) => !['--json', '--fail-on-error'].includes(f));
    if (unknown.length > 0) {
      write(`Unknown option(s) for report: ${unknown.join(', ')}\n\n${USAGE}`);
      return 2;
    }
    const { report, file } = loadReport(args[0] ?? 'cdk.out');
    write(flags.has('--json') ? JSON.stringify(report, undefined, 2) + '\n' : renderTerminal(report, file));
    return flags.has('--fail-on-error') && !report.overall.passed ? 1 : 0;
  }
  write(`Unknown command '${command}'.\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cdk-readiness: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
