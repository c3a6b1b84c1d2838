import * as fs from 'fs';
import * as path from 'path';
import { ArgumentError, parseCommandArgs } from '../../src/cli/args';
import { main } from '../../src/cli/main';

const OPTIONS = {
  name: { type: 'string' as const },
  tag: { type: 'string' as const, multiple: true },
  json: { type: 'boolean' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

function problem(args: string[], positionals = true): { problem: string; option: string; message: string } | undefined {
  try {
    parseCommandArgs(args, OPTIONS, positionals);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    const a = e as ArgumentError;
    return { problem: a.problem, option: a.option, message: a.message };
  }
}

function run(argv: string[]): { code: number; out: string } {
  let out = '';
  const code = main(argv, (s) => (out += s)) as number;
  return { code, out };
}

describe('the command-line parser (Node util.parseArgs)', () => {
  test('values, inline values, repeatable values, flags, short flags and positionals', () => {
    const parsed = parseCommandArgs(['in.json', '--name', 'a', '--tag=x', '--tag', 'y', '--json', '-h'], OPTIONS, true);
    expect(parsed.values).toEqual({ name: 'a', tag: ['x', 'y'], json: true, help: true });
    expect(parsed.positionals).toEqual(['in.json']);
  });

  test.each([
    [['--nope'], { problem: 'unknown-option', option: '--nope', message: 'Unknown option --nope.' }],
    [['--name'], { problem: 'missing-value', option: '--name', message: 'Option --name needs a value.' }],
    [['--name', '--json'], { problem: 'missing-value', option: '--name', message: 'Option --name needs a value.' }],
    [['--json=yes'], { problem: 'flag-with-value', option: '--json', message: 'Option --json does not take a value.' }],
    [['--name', 'a', '--name=b'], { problem: 'repeated', option: '--name', message: 'Option --name is given twice.' }],
  ])('%j is rejected', (args, expected) => {
    expect(problem(args)).toEqual(expected);
  });

  test('positionals are rejected where a command takes none', () => {
    expect(problem(['extra'], false)).toEqual({ problem: 'unexpected-argument', option: 'extra', message: "Unexpected argument 'extra'." });
    expect(problem(['extra'], true)).toBeUndefined();
  });

  test('report takes one directory; backend-config rejects a repeated option; runbook takes -h', () => {
    expect(run(['report', 'a', 'b'])).toEqual({ code: 2, out: expect.stringContaining('report takes one cloud assembly directory or report file, got 2: a b.') });
    expect(run(['report', '--json=1'])).toEqual({ code: 2, out: expect.stringContaining('Option --json does not take a value.') });
    expect(run(['backend-config', 'o.json', '--key', 'a', '--key', 'b'])).toEqual({ code: 2, out: expect.stringContaining('Option --key is given twice.') });
    expect(run(['backend-config', 'o.json', '--key'])).toEqual({ code: 2, out: expect.stringContaining('Option --key of backend-config needs a value.') });
    expect(run(['runbook', '-h'])).toEqual({ code: 0, out: expect.stringContaining('Usage: cdk-readiness runbook') });
  });

  test('no command parses its arguments by hand: every one goes through util.parseArgs', () => {
    const dir = path.join(__dirname, '../../src/cli');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'args.ts')) {
      const text = fs.readFileSync(path.join(dir, file), 'utf-8');
      expect({ file, handParsed: /startsWith\('--?'\)|\bargv?\[\+\+i\]|split\(\/=\(\.\*\)\/s/.test(text) }).toEqual({ file, handParsed: false });
    }
    expect(fs.readFileSync(path.join(dir, 'args.ts'), 'utf-8')).toContain("import { parseArgs } from 'util';");
  });
});
