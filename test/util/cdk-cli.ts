import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Repository root (this file is test/util/cdk-cli.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The CDK CLI installed as a dev dependency: the same binary users run. */
const CDK_CLI = path.join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'cdk.cmd' : 'cdk');

/** Longest a single `cdk synth` may take before the run counts as hung. */
const SYNTH_TIMEOUT_MS = 170_000;

export interface SynthOptions {
  /**
   * Run aws-cdk-lib's built-in CloudFormation template validation (`@aws/cloudformation-validate`,
   * on by default in a user's app). It takes about half of the synth time of a small app and
   * reports nothing about readiness, so the example tests switch it off with `--no-validation`
   * (which the CLI forwards to the app as `CDK_VALIDATION=false`). Plugins registered with
   * `Validations.of(app).addPlugins()` still run, and their errors still fail synth.
   *
   * @default false
   */
  readonly builtinValidation?: boolean;

  /**
   * The app command (`cdk synth --app`), for an app without a `cdk.json` of its own (the
   * integration test apps under test/).
   *
   * @default - the app of the directory's cdk.json
   */
  readonly app?: string;

  /**
   * Extra arguments for `cdk synth`.
   *
   * @default - none
   */
  readonly extraArgs?: string[];
}

export interface SynthResult {
  /** Exit code of the CLI; `null` only if it was killed. */
  readonly status: number | null;
  /** stdout and stderr interleaved in the order the CLI wrote them, ANSI colour codes removed. */
  readonly output: string;
  /** The cloud assembly directory (`--output`), unique per run. */
  readonly outdir: string;
  /** Wall-clock time of the run, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Run the real CDK CLI, `cdk synth`, in an example app directory (one with its own `cdk.json`),
 * offline and without AWS credentials.
 *
 * Every run writes its cloud assembly to a fresh temporary directory, so runs in parallel
 * Jest workers never collide and the example's own `cdk.out` is never touched.
 *
 * @param exampleDir the example directory, absolute or relative to the repository root
 *   (for example `examples/before-audit`)
 * @param context CDK context values, passed as `-c key=value`
 */
export function synthExample(
  exampleDir: string,
  context: Record<string, string> = {},
  options: SynthOptions = {},
): SynthResult {
  const cwd = path.resolve(REPO_ROOT, exampleDir);
  if (!options.app && !fs.existsSync(path.join(cwd, 'cdk.json'))) {
    throw new Error(`synthExample: '${exampleDir}' has no cdk.json (resolved to ${cwd})`);
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-readiness-${path.basename(cwd)}-`));
  const outdir = path.join(workDir, 'cdk.out');
  const logFile = path.join(workDir, 'synth.log');

  const args = [
    'synth',
    '--quiet', // do not print the template
    '--no-notices', // do not fetch notices from the network
    '--no-version-reporting', // no AWS::CDK::Metadata resource, no telemetry
    '--no-color',
    ...(options.builtinValidation ? [] : ['--no-validation']),
    '--output', outdir,
    ...(options.app ? ['--app', options.app] : []),
    ...Object.entries(context).flatMap(([key, value]) => ['--context', `${key}=${value}`]),
    ...(options.extraArgs ?? []),
  ];

  // stdout and stderr share one file descriptor so the output keeps the CLI's own ordering.
  const log = fs.openSync(logFile, 'w');
  const started = Date.now();
  let result;
  try {
    result = spawnSync(CDK_CLI, args, {
      cwd,
      env: cliEnvironment(workDir),
      stdio: ['ignore', log, log],
      timeout: SYNTH_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  } finally {
    fs.closeSync(log);
  }
  const durationMs = Date.now() - started;
  const output = stripAnsi(fs.readFileSync(logFile, 'utf8'));

  if (result.error || result.status === null) {
    const reason = result.error ? result.error.message : `killed by ${result.signal}`;
    throw new Error(`cdk synth in ${exampleDir} did not finish (${reason}) after ${durationMs} ms. Output:\n${output}`);
  }
  return { status: result.status, output, outdir, durationMs };
}

/**
 * Delete the temporary directory of a run (its cloud assembly and log). Set
 * `KEEP_SYNTH_OUTPUT=1` to keep it for inspection; its path is `path.dirname(run.outdir)`.
 */
export function removeSynthOutput(run: SynthResult | undefined): void {
  if (!run || process.env.KEEP_SYNTH_OUTPUT) return;
  fs.rmSync(path.dirname(run.outdir), { recursive: true, force: true });
}

/**
 * The environment of the CLI: the caller's, made hermetic and quiet.
 */
function cliEnvironment(workDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };

  // Jest sets NODE_ENV=test, and the app (a child of the CLI) would inherit it: aws-cdk-lib reads
  // that as "synthesized in-memory by a unit test" and reports failed validations differently.
  // Run the app exactly as it runs in a user's terminal or CI.
  delete env.NODE_ENV;
  delete env.CDK_APP_MODE;
  // Left over from an enclosing CDK process, these would redirect or pre-seed the synth.
  delete env.CDK_OUTDIR;
  delete env.CDK_CONTEXT_JSON;

  // No AWS credentials or configuration: the CLI looks up a default account and region for
  // env-agnostic stacks; make that fail fast instead of reading a developer's profile
  // (which may prompt for SSO or MFA) or waiting on the EC2 instance metadata service.
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) {
    delete env[name];
  }
  env.AWS_CONFIG_FILE = path.join(workDir, 'no-aws-config');
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(workDir, 'no-aws-credentials');
  env.AWS_EC2_METADATA_DISABLED = 'true';

  // No telemetry, no colour.
  env.CDK_DISABLE_CLI_TELEMETRY = 'true';
  env.FORCE_COLOR = '0';
  env.NO_COLOR = '1';
  delete env.CDK_VALIDATION; // set by --no-validation when wanted
  return env;
}

/** Remove ANSI escape sequences (colours, cursor movement). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}
