// Names shared by the runbook API, the index walk, the writer and the CLI.
import { withoutDefaultChild } from './naming';

/** Construct metadata type under which `Runbook.addEntry` stores entries (read by ReadinessChecks). */
export const RUNBOOK_ENTRY_METADATA = 'cdk-readiness:runbook-entry';

/** Directory of the cloud assembly the runbooks are written to. */
export const RUNBOOK_DIRECTORY = 'runbooks';

/**
 * The stable anchor of a construct's runbook entry: its construct path without the trailing
 * `Resource`/`Default` segment, lowercased, every run of other characters turned into `-`,
 * prefixed by the kind of entry (`alarm`, `dr`, `incident`, `state`).
 */
export function runbookAnchor(kind: string, constructPath: string): string {
  const trimmed = withoutDefaultChild(constructPath);
  return `${kind}-${trimmed}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
