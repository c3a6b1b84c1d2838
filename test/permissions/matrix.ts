/**
 * A permission matrix: (who, action, resource, context) → allowed or denied, each row decided by the
 * real IAM policy evaluator on the synthesized templates (see policy-model.ts), and a check that
 * every role, customer managed policy and resource policy of the templates has at least one row.
 */
import * as path from 'path';
import { decide, loadStack, modelOf, Request, resourcePolicyFor, StackModel } from './policy-model';

export interface MatrixRow extends Request {
  /** The stack (template name) the request is evaluated in. */
  readonly stack: string;
  readonly expect: 'allowed' | 'denied';
  /** Why, in a few words (the test name). */
  readonly because: string;
}

export interface FamilyTemplates {
  /** `test/<integ app>.snapshot/<stack>.template.json`, relative to test/ (or `template` and `name`). */
  readonly file?: string;
  /** A template synthesized by the test itself (Template.fromStack(...).toJSON()). */
  readonly template?: object;
  readonly name?: string;
  readonly region: string;
  /** The account the template is deployed in. @default ACCOUNT of policy-model.ts */
  readonly account?: string;
}

/** Logical ids of roles and policies in the templates that belong to the app under test, not to our constructs. */
export type NotOurs = Record<string, string>;

export function loadFamily(templates: FamilyTemplates[]): Map<string, StackModel> {
  const stacks = new Map<string, StackModel>();
  for (const t of templates) {
    const s = t.template ? modelOf(t.template, t.name!, t.region, t.account) : loadStack(path.join(__dirname, '..', t.file!), t.region, t.account);
    stacks.set(s.name, s);
  }
  return stacks;
}

/** The stacks of the templates, in their order. */
export function stacksOf(templates: FamilyTemplates[]): StackModel[] {
  return [...loadFamily(templates).values()];
}

const whoText = (r: MatrixRow) => ('role' in r.who ? r.who.role : 'policy' in r.who ? `holder of ${r.who.policy}` : r.who.principal);

export function permissionMatrix(family: string, templates: FamilyTemplates[], rows: MatrixRow[], notOurs: NotOurs = {}): void {
  const stacks = loadFamily(templates);
  const stackOf = (r: MatrixRow) => {
    const s = stacks.get(r.stack);
    if (!s) throw new Error(`no stack ${r.stack} in ${family}`);
    return s;
  };

  describe(`${family}: who can do what (IAM policy evaluator on the synthesized templates)`, () => {
    test.each(rows.map((r) => [`${r.expect === 'allowed' ? 'ALLOWED' : 'DENIED '} ${whoText(r)} ${r.action} ${r.resource}: ${r.because}`, r] as const))('%s', async (_name, row) => {
      const { decision } = await decide(stackOf(row), row);
      expect(decision === 'Allowed' ? 'allowed' : 'denied').toBe(row.expect);
    });

    test('every role, customer managed policy and resource policy our constructs made has rows (a new one without them fails)', () => {
      const missing: string[] = [];
      for (const [name, s] of stacks) {
        const rowsHere = rows.filter((r) => r.stack === name);
        for (const role of s.roles) {
          if (notOurs[role.logicalId]) continue;
          if (!rowsHere.some((r) => 'role' in r.who && r.who.role === role.logicalId)) missing.push(`${name}: role ${role.logicalId} (as who)`);
        }
        for (const id of Object.keys(s.resources).filter((k) => s.resources[k].Type === 'AWS::IAM::ManagedPolicy')) {
          if (notOurs[id]) continue;
          const attached = s.roles.some((role) => role.policies.some((p) => p.name === id));
          if (!attached && !rowsHere.some((r) => 'policy' in r.who && r.who.policy === id)) missing.push(`${name}: managed policy ${id}`);
        }
        for (const rp of s.resourcePolicies) {
          if (notOurs[rp.logicalId]) continue;
          if (!rowsHere.some((r) => resourcePolicyFor(s, r.resource)?.logicalId === rp.logicalId)) missing.push(`${name}: ${rp.type} ${rp.logicalId}`);
        }
      }
      expect(missing).toEqual([]);
    });

    test('the app-under-test exclusions name real resources', () => {
      for (const id of Object.keys(notOurs)) {
        expect([...stacks.values()].some((s) => s.resources[id] !== undefined)).toBe(true);
      }
    });
  });
}
