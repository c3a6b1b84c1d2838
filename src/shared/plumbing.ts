// Custom-resource handlers are deployment plumbing, not workloads: they run during
// `cdk deploy`, and a failure there fails the deployment, which is its own alarm. Rules MON1,
// MON4 and PRF1 and `ServiceMonitoring.monitorScope` leave them out. One definition serves the
// rules (over synthesized templates) and the construct (over the construct tree).

/** A resource as a template shows it. */
export interface TemplateResource {
  readonly type: string;
  readonly properties: any;
}

/** Environment variables the CDK provider framework uses to reach the user's handlers and its waiter. */
const PROVIDER_FRAMEWORK_VARIABLES = ['USER_ON_EVENT_FUNCTION_ARN', 'USER_IS_COMPLETE_FUNCTION_ARN', 'WAITER_STATE_MACHINE_ARN'];

const FUNCTION = 'AWS::Lambda::Function';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/**
 * The Lambda functions and state machines that run custom resources: every function a
 * `ServiceToken` refers to, and, through CDK provider framework functions (which name the user's
 * `onEvent`/`isComplete` handlers and the waiter state machine in their environment), the
 * handlers, the waiter state machine and the functions its definition invokes.
 *
 * @param resources every resource to consider, by key
 * @param refsOf the keys of the resources a template value refers to (`Ref`, `Fn::GetAtt`, ...)
 */
export function plumbingOf<K>(resources: Iterable<[K, TemplateResource]>, refsOf: (value: unknown, from: K) => Iterable<K>): Set<K> {
  const all = new Map<K, TemplateResource>(resources);
  const plumbing = new Set<K>();
  const queue: K[] = [];
  const add = (key: K, types: readonly string[]) => {
    const r = all.get(key);
    if (r && types.includes(r.type) && !plumbing.has(key)) {
      plumbing.add(key);
      queue.push(key);
    }
  };
  for (const [key, r] of all) {
    const token = r.properties?.ServiceToken;
    if (token !== undefined) for (const target of refsOf(token, key)) add(target, [FUNCTION]);
  }
  while (queue.length > 0) {
    const key = queue.pop() as K;
    const r = all.get(key) as TemplateResource;
    if (r.type === FUNCTION) {
      const variables = r.properties?.Environment?.Variables ?? {};
      for (const name of PROVIDER_FRAMEWORK_VARIABLES) {
        if (variables[name] !== undefined) for (const target of refsOf(variables[name], key)) add(target, [FUNCTION, STATE_MACHINE]);
      }
    } else {
      const p = r.properties ?? {};
      for (const target of refsOf([p.DefinitionString, p.Definition, p.DefinitionSubstitutions], key)) add(target, [FUNCTION]);
    }
  }
  return plumbing;
}
