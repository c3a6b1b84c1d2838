// The runbook convention every alarm of this library follows (and rule Readiness-DOC1 checks):
// an alarm's description says what the alarm means, then the marker `Runbook:` followed by the
// first checks (inline text) and/or an https URL. ReadinessChecks generates each alarm's runbook
// section from its description (src/runbooks) and Runbook.publishAt appends that section's address,
// so keep the shape: `<meaning> Runbook: 1) ...; 2) ... <url>`. Every construct builds its alarm
// descriptions with runbookDescription() below.

import { Token } from 'aws-cdk-lib';

/** The marker that starts the runbook part of an alarm description. */
export const RUNBOOK_MARKER = 'Runbook:';

/** CloudWatch rejects alarm descriptions longer than this (PutMetricAlarm, PutCompositeAlarm). */
export const MAX_ALARM_DESCRIPTION = 1024;

/** What a runbook description is made of. */
export interface RunbookText {
  /** What the alarm means, in one or two sentences. */
  readonly meaning: string;
  /** The first checks of the on-call engineer, in order (numbered in the text). */
  readonly checks?: readonly string[];
  /** Where the full runbook is (an https URL). */
  readonly url?: string;
}

/**
 * The description of an alarm: `<meaning> Runbook: 1) <check>; 2) <check>. <url>`. Never longer
 * than CloudWatch allows (a token counted at `TOKEN_ALLOWANCE` characters): checks that do not fit
 * are dropped from the end (the meaning and the URL are always kept, and at least one of checks and
 * URL remains).
 *
 * @throws if there are neither checks nor a URL, or the URL is not https, or meaning and URL alone
 * are too long
 */
export function runbookDescription(text: RunbookText): string {
  const meaning = text.meaning.trim();
  const checks = (text.checks ?? []).map((c) => c.trim().replace(/[.;]+$/, '')).filter((c) => c.length > 0);
  const url = text.url?.trim();
  if (url !== undefined && !Token.isUnresolved(url) && !isRunbookUrl(url)) {
    throw new Error(`Runbook URL ${JSON.stringify(url)} is not an https URL. Give the full address of the runbook page, for example https://runbooks.example.com/service/alarm.`);
  }
  if (checks.length === 0 && !url) {
    throw new Error(`The alarm description "${meaning}" has no runbook: give its first checks or a runbook URL.`);
  }
  const render = (n: number) => {
    const parts = [`${meaning} ${RUNBOOK_MARKER}`];
    if (n > 0) parts.push(checks.slice(0, n).map((c, i) => `${i + 1}) ${c}`).join('; ') + (n < checks.length ? '; …' : '.'));
    if (url) parts.push(url);
    return parts.join(' ');
  };
  for (let n = checks.length; n >= (url ? 0 : 1); n--) {
    const description = render(n);
    if (worstCaseLength(description) <= MAX_ALARM_DESCRIPTION) return description;
  }
  throw new Error(`The alarm description "${meaning.substring(0, 80)}…" is longer than the ${MAX_ALARM_DESCRIPTION} characters CloudWatch accepts, even with a single runbook check: shorten it.`);
}

/** The length a value only known at deploy time (a name, an ARN) is counted at. */
export const TOKEN_ALLOWANCE = 255;

/**
 * The length of a description once deployed, at worst: its literal characters, and
 * `TOKEN_ALLOWANCE` for each token in it (a resource name, a parameter).
 */
export function worstCaseLength(description: string): number {
  const tokens = description.match(/\$\{Token\[[^\]]*\]\}/g) ?? [];
  return tokens.reduce((n, t) => n - t.length + TOKEN_ALLOWANCE, description.length);
}

/** Whether a string is a runbook address this library accepts. */
export function isRunbookUrl(url: string): boolean {
  return /^https:\/\/[^\s/]+\.[^\s]+$/.test(url);
}

/**
 * Whether a description carries a runbook reference: the marker followed by at least some text.
 */
export function hasRunbookReference(description: string): boolean {
  const at = description.indexOf(RUNBOOK_MARKER);
  return at >= 0 && /\S/.test(description.substring(at + RUNBOOK_MARKER.length).replace(/\$\{Token\[[^\]]*\]\}/g, 'token'));
}

/** The runbook pages that end a description's runbook part (a URL inside a check stays in its text). */
export const TRAILING_RUNBOOK_URLS = /(?:(?:^|\s+)https:\/\/[^\s\u0001]+)+\s*$/;

/** Where a numbered check of a runbook part starts: `N) ` at the start or after `;`, `.` or spaces. */
export const CHECK_START = /(?:^|[;.]?\s+)(?=\d+\)\s)/;

/**
 * The checks of a runbook part whose trailing URLs are removed: numbered checks one by one (numbers,
 * separators and a trailing `…` of trimmed text dropped), or the whole text as one check.
 */
export function runbookChecks(text: string): string[] {
  const pieces = /^\s*\d+\)\s/.test(text) ? text.split(CHECK_START) : [text];
  return pieces
    .map((c) => c.replace(/^\s*\d+\)\s*/, '').replace(/\s*Full runbook:\s*$/i, '').replace(/[;.]?\s*…\s*$/, '').trim().replace(/[;.]\s*$/, '').trim())
    .filter((c) => c !== '' && c !== '…');
}
