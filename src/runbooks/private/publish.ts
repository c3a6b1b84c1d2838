// Links every alarm that carries runbook text to its section of the generated runbook, once the
// app says where the `runbooks/` directory of the cloud assembly is published.
import { IAspect, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { RUNBOOK_DIRECTORY, runbookAnchor } from './anchor';
import { MAX_ALARM_DESCRIPTION, RUNBOOK_MARKER } from '../../monitoring/private/runbook-text';

/** A base address the runbooks can be published at: https, no query or fragment. */
export function checkBaseUrl(where: string, baseUrl: string): string {
  if (Token.isUnresolved(baseUrl)) return baseUrl;
  if (typeof baseUrl !== 'string' || !/^https:\/\/[^\s/#?]+\.[^\s/#?]+(\/[^\s#?]*)?$/.test(baseUrl)) {
    throw new Error(`${where}: invalid baseUrl ${JSON.stringify(baseUrl)}. Give the https:// address where the cloud assembly's ${RUNBOOK_DIRECTORY}/ directory is published, without '#' or '?', e.g. https://runbooks.example.com/web-service.`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/** The published address of the runbook section of the alarm whose CloudFormation resource is `cfnAlarm`. */
export function alarmSectionUrl(cfnAlarm: IConstruct, baseUrl: string): string {
  return `${baseUrl}/${Stack.of(cfnAlarm).artifactId}.md#${runbookAnchor('alarm', cfnAlarm.node.path)}`;
}

/**
 * The description with the section address appended after its runbook part. Checks that no longer
 * fit CloudWatch's 1024 characters are dropped from the end (marked `…`); the meaning is never cut.
 * `undefined` when even the meaning, the marker and the address do not fit.
 */
export function withSectionUrl(description: string, url: string): string | undefined {
  const linked = `${description.trimEnd()} ${url}`;
  if (Token.isUnresolved(description) || linked.length <= MAX_ALARM_DESCRIPTION) return linked;
  const at = description.indexOf(RUNBOOK_MARKER) + RUNBOOK_MARKER.length;
  const head = description.substring(0, at);
  // The runbook part: numbered checks `1) ...; 2) ...` then, maybe, the owner's own runbook URLs.
  const tail = description.substring(at);
  const urls = tail.match(/\shttps:\/\/\S+/g)?.join('') ?? '';
  let checks = tail.replace(/\shttps:\/\/\S+/g, '').trimEnd();
  const fits = () => `${head}${checks}${urls} ${url}`.length <= MAX_ALARM_DESCRIPTION;
  while (!fits()) {
    const cut = checks.replace(/;\s*…$/, '').search(/;\s*\d+\)\s(?:(?!;\s*\d+\)\s).)*$/s);
    if (cut <= 0) break;
    checks = `${checks.substring(0, cut)}; …`;
  }
  if (!fits()) {
    const room = MAX_ALARM_DESCRIPTION - head.length - urls.length - url.length - 2;
    if (room < 1) return undefined;
    checks = `${checks.substring(0, room).trimEnd()}…`;
  }
  return `${head}${checks}${urls} ${url}`;
}

/**
 * Visits every alarm under a scope: an alarm whose description has a runbook part (the
 * `Runbook:` marker) gets the address of its generated section appended. Alarms without runbook
 * text are left alone (rule Readiness-DOC1 reports them), so are alarms of nested stacks (their
 * runbook is their parent's) and descriptions that already carry the address.
 */
export class RunbookLinks implements IAspect {
  constructor(private readonly baseUrl: string) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.CfnAlarm) && !(node instanceof cloudwatch.CfnCompositeAlarm)) return;
    const description = node.alarmDescription;
    if (description === undefined || !description.includes(RUNBOOK_MARKER) || Stack.of(node).nested) return;
    const url = alarmSectionUrl(node, this.baseUrl);
    if (description.includes(url)) return;
    const linked = withSectionUrl(description, url);
    if (linked !== undefined) node.alarmDescription = linked;
  }
}
