import { parseArgs } from 'util';

/** What is wrong with a command line: each command words it in its own help's terms. */
export type ArgumentProblem = 'unknown-option' | 'missing-value' | 'repeated' | 'unexpected-argument' | 'flag-with-value';

/** A command line that Node's `util.parseArgs` (or our repeat check) rejected; exit code 2. */
export class ArgumentError extends Error {
  constructor(readonly problem: ArgumentProblem, readonly option: string, message: string) {
    super(message);
  }
}

/** One option of a command: a flag (boolean) or a value, repeatable or not. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface ParsedArgs {
  /** Values by option name without dashes: `true` for a given flag, the string (or strings when repeatable) for a value. */
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/**
 * Parse a command's arguments with Node's `util.parseArgs` in strict mode. A value option given
 * twice is an error unless it is repeatable (parseArgs itself keeps the last one silently).
 */
export function parseCommandArgs(args: string[], options: Record<string, OptionSpec>, allowPositionals: boolean): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    throw translate(e as Error & { code?: string });
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || options[token.name].multiple) continue;
    if (seen.has(token.name)) throw new ArgumentError('repeated', `--${token.name}`, `Option --${token.name} is given twice.`);
    seen.add(token.name);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/** parseArgs' errors carry a code and the option or argument in quotes; keep both. */
function translate(e: Error & { code?: string }): Error {
  // "Option '--name <value>' argument missing": the option is the quoted text up to its placeholder.
  const text = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const quoted = text.startsWith('-') ? text.split(' ')[0] : text;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new ArgumentError('unknown-option', quoted, `Unknown option ${quoted}.`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new ArgumentError('unexpected-argument', quoted, `Unexpected argument '${quoted}'.`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(e.message)
        ? new ArgumentError('flag-with-value', quoted, `Option ${quoted} does not take a value.`)
        : new ArgumentError('missing-value', quoted, `Option ${quoted} needs a value.`);
    default:
      return e;
  }
}

/** The value of a single-valued string option. */
export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The values of a repeatable string option (undefined when not given). */
export function stringValues(parsed: ParsedArgs, name: string): string[] | undefined {
  const v = parsed.values[name];
  return Array.isArray(v) ? v : undefined;
}

/** Whether a flag was given. */
export function flag(parsed: ParsedArgs, name: string): boolean {
  return parsed.values[name] === true;
}
