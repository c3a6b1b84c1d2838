import { AspectPriority, Aspects, CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RUNBOOK_DIRECTORY, RUNBOOK_ENTRY_METADATA, runbookAnchor, stackRunbookPage } from '../shared/runbook-anchor';
import { alarmSectionUrl, checkBaseUrl, RunbookLinks } from './private/publish';
import { RunbookSection } from '../shared/runbook-section';

export { RunbookSection } from '../shared/runbook-section';

/**
 * One entry of a generated runbook, contributed by a construct (or by you) with
 * `Runbook.addEntry()`. Strings may hold tokens (names, ARNs): the runbook shows their literal
 * value when the template has one, and how to look them up after deployment otherwise.
 */
export interface RunbookEntry {
  /** The section the entry belongs in. */
  readonly section: RunbookSection;
  /** Title of the entry, e.g. `GuardDuty threat finding`. */
  readonly title: string;
  /**
   * What the entry is about: what raises it, what it covers.
   *
   * @default - no summary
   */
  readonly summary?: string;
  /** What to do, in order: one step per item. */
  readonly steps: string[];
  /**
   * Shell commands shown in a code block after the steps.
   *
   * @default - none
   */
  readonly commands?: string[];
  /**
   * Where the full procedure is (https).
   *
   * @default - none
   */
  readonly url?: string;
}

/**
 * Runbooks generated from the app: `ReadinessChecks` writes one Markdown runbook per stack into
 * the cloud assembly (`runbooks/<stack artifact id>.md`, and `runbooks/README.md` as the index)
 * from the synthesized templates — alarms, disaster recovery, incident response, maintenance and
 * Terraform state — plus the entries constructs and users add here.
 *
 * ```ts
 * Runbook.addEntry(queue, {
 *   section: RunbookSection.OPERATIONS,
 *   title: 'Replay dead letters',
 *   steps: ['Fix the consumer', 'Start a redrive of the dead-letter queue'],
 *   commands: ['aws sqs start-message-move-task --source-arn <dlq arn>'],
 * });
 * ```
 */
export class Runbook {
  /** The directory of the cloud assembly that holds the runbooks. */
  public static readonly DIRECTORY = RUNBOOK_DIRECTORY;

  /**
   * Add an entry to the runbook of the stack of `scope`. It is stored as construct metadata
   * (`cdk-readiness:runbook-entry`) and written under its section; entries added to a construct
   * that owns an alarm or an EventBridge rule are shown with it.
   *
   * @param scope the construct the entry is about (its stack gets the entry)
   * @param entry the entry
   */
  public static addEntry(scope: IConstruct, entry: RunbookEntry): void {
    const where = `Runbook.addEntry('${scope.node.path || '<app>'}')`;
    Stack.of(scope); // throws a clear error outside a stack
    const sections = Object.values(RunbookSection) as string[];
    if (!sections.includes(entry.section)) {
      throw new Error(`${where}: invalid section ${JSON.stringify(entry.section)}. Use one of RunbookSection: ${sections.join(', ')}.`);
    }
    if (typeof entry.title !== 'string' || entry.title.trim() === '') {
      throw new Error(`${where}: invalid title ${JSON.stringify(entry.title)}. Give the entry a title, e.g. 'Replay dead letters'.`);
    }
    if (!Array.isArray(entry.steps) || entry.steps.length === 0 || entry.steps.some((s) => typeof s !== 'string' || s.trim() === '')) {
      throw new Error(`${where}: invalid steps ${JSON.stringify(entry.steps)} of '${entry.title}'. List what to do, one non-empty step per item.`);
    }
    if (entry.commands !== undefined && (!Array.isArray(entry.commands) || entry.commands.some((c) => typeof c !== 'string' || c.trim() === ''))) {
      throw new Error(`${where}: invalid commands ${JSON.stringify(entry.commands)} of '${entry.title}'. Give shell commands, one non-empty command per item.`);
    }
    if (entry.url !== undefined && !Token.isUnresolved(entry.url) && !/^https:\/\/\S+$/.test(entry.url)) {
      throw new Error(`${where}: invalid url ${JSON.stringify(entry.url)} of '${entry.title}'. Give the https:// address of the full procedure.`);
    }
    const data: Record<string, unknown> = { section: entry.section, title: entry.title.trim(), steps: entry.steps.map((s) => s.trim()) };
    if (entry.summary !== undefined && entry.summary.trim() !== '') data.summary = entry.summary.trim();
    if (entry.commands !== undefined && entry.commands.length > 0) data.commands = entry.commands;
    if (entry.url !== undefined) data.url = entry.url;
    scope.node.addMetadata(RUNBOOK_ENTRY_METADATA, data, { stackTrace: false });
  }

  /**
   * The anchor of an alarm's entry in its stack's runbook, e.g. `alarm-web-monitoring-jobs-sqsmessagesatrisk`
   * (from the construct path of the alarm's CloudFormation resource).
   *
   * @param alarm the alarm: an L2 alarm or its `CfnAlarm`/`CfnCompositeAlarm`
   */
  public static alarmAnchor(alarm: IConstruct): string {
    return runbookAnchor('alarm', cfnResourceOf(alarm).node.path);
  }

  /**
   * The file of a stack's runbook, relative to the cloud assembly: `runbooks/<artifact id>.md`.
   */
  public static fileOf(stack: Stack): string {
    return `${RUNBOOK_DIRECTORY}/${stackRunbookPage(stack.artifactId)}`;
  }

  /**
   * The address of an alarm's runbook entry where the runbooks are published, for example
   * `https://runbooks.example.com/WebService.md#alarm-...` for the base `https://runbooks.example.com`
   * (publish the cloud assembly's `runbooks/` directory there).
   *
   * @param alarm the alarm (L2 or L1)
   * @param baseUrl https address of the published `runbooks/` directory
   */
  public static alarmUrl(alarm: IConstruct, baseUrl: string): string {
    return alarmSectionUrl(cfnResourceOf(alarm), checkBaseUrl(`Runbook.alarmUrl('${alarm.node.path}')`, baseUrl));
  }

  /**
   * Link every alarm under `scope` to its section of the generated runbook.
   *
   * The description of each alarm with runbook text (`... Runbook: 1) ...`) gets
   * `<baseUrl>/<stack artifact id>.md#<alarm anchor>` appended at synth, after any runbook URL of
   * your own. Publish the cloud assembly's `runbooks/` directory at `baseUrl` (a static site, a
   * wiki sync) on every deployment.
   *
   * Call it on the app (or a stage or stack) after adding its stages: aspects do not cross
   * `Stage` boundaries, so the stages under `scope` at the time of the call get the link too.
   * Alarms added later inside those scopes are linked. Alarms without runbook text are left alone
   * (rule Readiness-DOC1 reports them), so are alarms of nested stacks and descriptions built
   * with `Fn.join`/`Fn.sub`. When the address does not fit CloudWatch's 1024 characters, checks
   * are dropped from the end of the description; when even that is not enough, the alarm is left
   * unlinked with a warning, as are alarms of a stack whose construct paths differ only in case or
   * punctuation (their anchors would be the same).
   *
   * @param scope the app, stage, stack or construct whose alarms are linked
   * @param baseUrl https address of the published `runbooks/` directory, as a literal string, e.g. `https://runbooks.example.com/web-service`
   */
  public static publishAt(scope: IConstruct, baseUrl: string): void {
    const links = new RunbookLinks(checkBaseUrl(`Runbook.publishAt('${scope.node.path || '<app>'}')`, baseUrl));
    const stages = scope.node.findAll().filter((c) => c !== scope && Stage.isStage(c));
    for (const s of [scope, ...stages]) Aspects.of(s).add(links, { priority: AspectPriority.MUTATING });
  }

  private constructor() {}
}

/** The CloudFormation resource of a construct (itself, or its default child). */
function cfnResourceOf(construct: IConstruct): IConstruct {
  if (CfnResource.isCfnResource(construct)) return construct;
  return construct.node.defaultChild ?? construct;
}
