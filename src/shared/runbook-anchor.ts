// Names shared by the runbook API, the index walk, the writer and the CLI.
import { withoutDefaultChild } from './naming';

/** Construct metadata type under which `Runbook.addEntry` stores entries (read by ReadinessChecks). */
export const RUNBOOK_ENTRY_METADATA = 'cdk-readiness:runbook-entry';

/** Directory of the cloud assembly the runbooks are written to. */
export const RUNBOOK_DIRECTORY = 'runbooks';

/** Pages of the runbook directory that are not a stack's: the index and who-can-do-what. */
const SHARED_PAGES = ['readme', 'permissions'];

/**
 * The file name of a stack's runbook page in the runbook directory: `<artifact id>.md`, or
 * `<artifact id>.stack.md` for a stack whose artifact id is the name of a shared page (`README`,
 * `permissions`, in any case: file systems that ignore case would overwrite it). Stack artifact
 * ids never contain a dot, so the second form cannot collide with another stack's page.
 */
export function stackRunbookPage(artifactId: string): string {
  return SHARED_PAGES.includes(artifactId.toLowerCase()) ? `${artifactId}.stack.md` : `${artifactId}.md`;
}

/**
 * The stable anchor of a construct's runbook entry: its construct path without the trailing
 * `Resource`/`Default` segment, lowercased, every run of other characters turned into `-`,
 * prefixed by the kind of entry (`alarm`, `dr`, `incident`, `state`).
 */
export function runbookAnchor(kind: string, constructPath: string): string {
  const trimmed = withoutDefaultChild(constructPath);
  return `${kind}-${trimmed}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
