// Links every alarm that carries runbook text to its section of the generated runbook, once the
// app says where the `runbooks/` directory of the cloud assembly is published.
import { Annotations, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { RUNBOOK_DIRECTORY, RUNBOOK_ENTRY_METADATA, runbookAnchor, stackRunbookPage } from '../../shared/runbook-anchor';
import { RunbookSection } from '../../shared/runbook-section';
import { CHECK_START, MAX_ALARM_DESCRIPTION, RUNBOOK_MARKER, runbookChecks, TRAILING_RUNBOOK_URLS, worstCaseLength } from '../../shared/runbook-text';

/** A base address the runbooks can be published at: https, no query or fragment. */
export function checkBaseUrl(where: string, baseUrl: string): string {
  if (Token.isUnresolved(baseUrl)) {
    throw new Error(`${where}: invalid baseUrl ${JSON.stringify(baseUrl)} (a token). Give the address as a literal string: it is written into alarm descriptions at synth and the runbooks are matched against it.`);
  }
  if (typeof baseUrl !== 'string' || !/^https:\/\/[^\s/#?]+(\/[^\s#?]*)?$/.test(baseUrl)) {
    throw new Error(`${where}: invalid baseUrl ${JSON.stringify(baseUrl)}. Give the https:// address where the cloud assembly's ${RUNBOOK_DIRECTORY}/ directory is published, without '#' or '?', e.g. https://runbooks.example.com/web-service.`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/** The published address of the runbook section of the alarm whose CloudFormation resource is `cfnAlarm`. */
export function alarmSectionUrl(cfnAlarm: IConstruct, baseUrl: string): string {
  return `${baseUrl}/${stackRunbookPage(Stack.of(cfnAlarm).artifactId)}#${runbookAnchor('alarm', cfnAlarm.node.path)}`;
}

/**
 * The description with the section address appended after its runbook part. Checks that no longer
 * fit CloudWatch's 1024 characters are dropped from the end (marked `…`); the meaning is never cut.
 * `dropped` says whether checks were dropped. `undefined` when even the meaning, the marker and the
 * address do not fit (for a description with tokens: when its worst-case length, see
 * worstCaseLength, would not).
 */
export function withSectionUrl(description: string, url: string): { readonly description: string; readonly dropped: boolean } | undefined {
  const linked = `${description.trimEnd()} ${url}`;
  if (Token.isUnresolved(description)) {
    // Only the literal parts can be measured: link when they leave room for each token's value.
    return worstCaseLength(linked) <= MAX_ALARM_DESCRIPTION ? { description: linked, dropped: false } : undefined;
  }
  if (linked.length <= MAX_ALARM_DESCRIPTION) return { description: linked, dropped: false };
  const at = description.indexOf(RUNBOOK_MARKER) + RUNBOOK_MARKER.length;
  const head = description.substring(0, at);
  // The runbook part: numbered checks `1) ...; 2) ...` then, maybe, the owner's own runbook URLs at the end.
  const tail = description.substring(at).trimEnd();
  const urls = TRAILING_RUNBOOK_URLS.exec(tail)?.[0] ?? '';
  let checks = tail.substring(0, tail.length - urls.length);
  const fits = () => `${head}${checks}${urls} ${url}`.length <= MAX_ALARM_DESCRIPTION;
  while (!fits()) {
    // The start of the last numbered check (checks are separated as splitRunbook reads them).
    const body = checks.replace(/;\s*…$/, '');
    const starts = [...body.matchAll(new RegExp(CHECK_START.source, 'g'))].map((m) => m.index!);
    const cut = starts.length > 0 ? starts[starts.length - 1] : -1;
    if (cut <= 0 || body.substring(0, cut).trim() === '') break;
    checks = `${body.substring(0, cut)}; …`;
  }
  if (!fits()) {
    const room = MAX_ALARM_DESCRIPTION - head.length - urls.length - url.length - 2;
    if (room < 1) return undefined;
    checks = `${checks.substring(0, room).trimEnd()}…`;
  }
  return { description: `${head}${checks}${urls} ${url}`, dropped: true };
}

/** The checks of a literal description's runbook part, as the runbook reads them. */
function checksOf(description: string): string[] {
  const part = description.substring(description.indexOf(RUNBOOK_MARKER) + RUNBOOK_MARKER.length).replace(TRAILING_RUNBOOK_URLS, '');
  return runbookChecks(part).map((c) => c.charAt(0).toUpperCase() + c.substring(1));
}

/**
 * Visits every alarm under a scope: an alarm whose description has a runbook part (the
 * `Runbook:` marker) gets the address of its generated section appended. Alarms without runbook
 * text are left alone (rule Readiness-DOC1 reports them), so are alarms of nested stacks (their
 * runbook is their parent's) and descriptions that already carry the address.
 */
export class RunbookLinks implements IAspect {
  /** Per stack, how many of its alarms have each anchor (counted at the first visit). */
  private readonly anchors = new WeakMap<Stack, Map<string, string[]>>();

  constructor(private readonly baseUrl: string) {}

  public visit(node: IConstruct): void {
    if (!isAlarm(node)) return;
    const description = node.alarmDescription;
    const stack = Stack.of(node);
    if (description === undefined || !description.includes(RUNBOOK_MARKER) || stack.nested) return;
    const sharing = this.alarmsWithAnchor(stack, runbookAnchor('alarm', node.node.path));
    if (sharing.length > 1) {
      Annotations.of(node).addWarningV2('cdk-readiness:runbook-anchor-shared',
        `Runbook.publishAt: the alarms ${sharing.join(', ')} have the same runbook anchor (their construct paths differ only in case or punctuation), so this alarm is not linked: rename one of the constructs.`);
      return;
    }
    const url = alarmSectionUrl(node, this.baseUrl);
    if (description.includes(url)) return;
    const linked = withSectionUrl(description, url);
    if (linked !== undefined) {
      node.alarmDescription = linked.description;
      // Checks dropped for CloudWatch's limit stay in the runbook, which has none.
      if (linked.dropped) {
        node.node.addMetadata(RUNBOOK_ENTRY_METADATA, {
          section: RunbookSection.ALARMS,
          title: 'Every first check (the description keeps those that fit)',
          steps: checksOf(description),
        }, { stackTrace: false });
      }
    } else {
      Annotations.of(node).addWarningV2('cdk-readiness:runbook-link-too-long',
        `Runbook.publishAt: the address of this alarm's runbook section (${url}) does not fit in its description within the ${MAX_ALARM_DESCRIPTION} characters CloudWatch accepts: shorten the meaning of the description, or link the section yourself with Runbook.alarmUrl().`);
    }
  }

  private alarmsWithAnchor(stack: Stack, anchor: string): string[] {
    let byAnchor = this.anchors.get(stack);
    if (!byAnchor) {
      byAnchor = new Map();
      for (const c of stack.node.findAll()) {
        if (!isAlarm(c) || Stack.of(c) !== stack) continue;
        const a = runbookAnchor('alarm', c.node.path);
        byAnchor.set(a, [...(byAnchor.get(a) ?? []), c.node.path]);
      }
      this.anchors.set(stack, byAnchor);
    }
    return byAnchor.get(anchor) ?? [];
  }
}

function isAlarm(c: IConstruct): c is cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm {
  return c instanceof cloudwatch.CfnAlarm || c instanceof cloudwatch.CfnCompositeAlarm;
}
