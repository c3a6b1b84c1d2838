import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, Stack, Stage } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { IReadinessRule } from '../checks/custom-rule';
import { ReadinessChecks } from '../checks/readiness-checks';
import { ReadinessProfile, RuleImpact, RuleSeverity } from '../profile';

/**
 * A readiness finding as plain data, for assertions in any test framework.
 */
export interface ReadinessFinding {
  /** Rule id, e.g. `Readiness-BAK1`. */
  readonly ruleId: string;
  /** `error` or `warning`, from the profile of the finding's stack. */
  readonly severity: RuleSeverity;
  /**
   * What the gap risks (critical, high, medium, low): the rule's impact. With the profile it
   * decides the severity (`errorImpact`), and the scorecard ranks findings by it.
   */
  readonly impact: RuleImpact;
  /** Construct path of the stack the finding is in. */
  readonly stack: string;
  /** Construct path of the resource (or of the stack, for stack-level rules). */
  readonly constructPath: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * Options for {@link ReadinessTesting.findings}.
 */
export interface ReadinessFindingsOptions {
  /**
   * Judge every stack by this profile.
   *
   * @default - each stack's own profile (applied in code, `readiness:profile` context, or PROD)
   */
  readonly profile?: ReadinessProfile;

  /**
   * Also return warnings.
   *
   * @default true
   */
  readonly includeWarnings?: boolean;

  /**
   * Custom rules to evaluate with the built-in ones (what you pass to `ReadinessChecks` as `rules`).
   *
   * @default - the built-in rules only
   */
  readonly rules?: IReadinessRule[];
}

/** Placeholder for content hashes of assets (they change with every code edit). */
const ASSET_HASH = /[0-9a-f]{64}/g;

/**
 * Readiness checks and snapshot-friendly templates in your own unit tests, without the CDK CLI.
 *
 * ```ts
 * expect(ReadinessTesting.findings(app)).toEqual([]);
 * expect(ReadinessTesting.normalizedTemplate(stack)).toMatchSnapshot();
 * ```
 */
export class ReadinessTesting {
  /**
   * The open (unacknowledged) readiness findings of an app, a Stage or a Stack, as plain data,
   * sorted by rule and construct path. Synthesizes the app (once; later calls reuse the cloud
   * assembly), then runs the same rules as `ReadinessChecks` on the synthesized templates.
   * Findings of stacks outside `scope` are left out.
   */
  public static findings(scope: IConstruct, options: ReadinessFindingsOptions = {}): ReadinessFinding[] {
    const { root, assembly } = synthesized(scope);
    const stacks = assembly.stacksRecursively;
    const context: IPolicyValidationContext = {
      templatePaths: stacks.map((s) => s.templateFullPath),
      stackTemplates: stacks.map((s) => ({
        stackConstructPath: s.hierarchicalId,
        templatePath: s.templateFullPath,
        accountId: undefined,
        region: undefined,
      })),
      appConstruct: root,
    };
    const checks = new ReadinessChecks(undefined, { profile: options.profile, rules: options.rules, writeReport: false, printSummary: false });
    const engine = checks.validate(context).violations.find((v) => v.ruleName === 'Readiness-ENGINE');
    // A rule that throws must fail the test, not pass it with no findings.
    if (engine) throw new Error(`ReadinessTesting.findings: ${engine.description}`);
    const prefix = scope.node.path;
    const within = (constructPath: string) => prefix === '' || constructPath === prefix || constructPath.startsWith(`${prefix}/`);
    return (checks._lastReport()?.findings ?? [])
      .filter((f) => within(f.constructPath))
      .filter((f) => options.includeWarnings !== false || f.severity === RuleSeverity.ERROR)
      .map(({ ruleId, severity, impact, stack, constructPath, message }) => ({ ruleId, severity, impact, stack, constructPath, message }));
  }

  /**
   * The stack's synthesized template with what changes between machines and code edits replaced
   * by stable placeholders: asset hashes (`<asset-hash>`), the bootstrap version parameter and
   * rule, and the CDK analytics metadata. Use it with `toMatchSnapshot()`.
   */
  public static normalizedTemplate(stack: Stack): { [key: string]: any } {
    const { assembly } = synthesized(stack);
    const artifact = assembly.stacksRecursively.find((s) => s.hierarchicalId === stack.node.path);
    if (!artifact) {
      throw new Error(`ReadinessTesting.normalizedTemplate: stack '${stack.node.path}' is not in the synthesized assembly.`);
    }
    const template = JSON.parse(JSON.stringify(artifact.template).replace(ASSET_HASH, '<asset-hash>'));
    delete template.Parameters?.BootstrapVersion;
    if (template.Parameters && Object.keys(template.Parameters).length === 0) delete template.Parameters;
    delete template.Rules?.CheckBootstrapVersion;
    if (template.Rules && Object.keys(template.Rules).length === 0) delete template.Rules;
    delete template.Resources?.CDKMetadata;
    delete template.Conditions?.CDKMetadataAvailable;
    if (template.Conditions && Object.keys(template.Conditions).length === 0) delete template.Conditions;
    return template;
  }

  private constructor() {}
}

/**
 * Synthesize the app that holds `scope` (or reuse its assembly). When the app registers
 * validation plugins that fail (ReadinessChecks in PROD, say), the templates are still written:
 * read them back from the output directory.
 */
function synthesized(scope: IConstruct): { root: Stage; assembly: CloudAssembly } {
  const root = scope.node.root;
  if (!Stage.isStage(root)) {
    throw new Error(`ReadinessTesting: '${scope.node.path}' is not inside an App; create it under \`new App()\`.`);
  }
  try {
    return { root, assembly: root.synth() };
  } catch (e) {
    // Plugin failures come after the assembly is written; a construct's own validation error
    // (also "ValidationFailed...") comes before: then there is nothing to read, rethrow it.
    if (!/ValidationFailed|Validation failed/.test(String(e)) || !fs.existsSync(path.join(root.outdir, 'manifest.json'))) throw e;
    return { root, assembly: new CloudAssembly(root.outdir) };
  }
}
