import { AppIndex, IndexedResource, IndexedStack, physicalName } from '../analysis/app-index';
import { ReadinessProfile } from '../profile';
import { RuleInfo } from './rule';

/**
 * A readiness rule of your own, evaluated by `ReadinessChecks` together with the built-in
 * catalog: in the same pass over the same index, with its severity from the profile of each
 * stack (`severityOverrides` included), acknowledgements, a score in its area and its findings
 * in the report and the SARIF log.
 *
 * Register it with `new ReadinessChecks(app, { rules: [myRule] })`. A rule is a pure function of
 * what it is given: it reads the synthesized CloudFormation (so it judges hand-written L1 and L2
 * resources alike), never the construct tree, and asks `RuleContext` for anything beyond its
 * subject instead of rescanning the app.
 */
export interface IReadinessRule {
  /**
   * What the rule is: id, area, title, the audit line or policy it answers, why, and the fix.
   *
   * The id must look like `<Prefix>-<AREA><n>` (for example `Acme-UPL1`), so that profiles can
   * override its severity and acknowledgements can name it; the `Readiness-` prefix is reserved
   * for the built-in rules.
   */
  readonly info: RuleInfo;

  /**
   * What the rule is evaluated on: every resource of some CloudFormation types
   * (`RuleTarget.resourcesOfType('AWS::S3::Bucket')`), or every stack (`RuleTarget.stacks()`).
   */
  readonly target: RuleTarget;

  /**
   * Judge one subject: a resource of the target types (`subject.resource` is set), or a stack.
   *
   * Return `RuleVerdict.compliant()`, `RuleVerdict.fail(message)` (one finding),
   * `RuleVerdict.failAll(failures)` (several), or `RuleVerdict.notApplicable()` to keep the
   * subject out of the score. An exception fails synth with the rule id and the subject's path.
   *
   * @param subject the resource or stack being judged, as plain data
   * @param context the profile of the subject's stack, and lookups over the whole app
   */
  evaluate(subject: RuleSubject, context: RuleContext): RuleVerdict;
}

/**
 * What a custom rule is evaluated on.
 */
export class RuleTarget {
  /**
   * Evaluate the rule once per resource of these CloudFormation types, in every stack of the
   * app (for example `'AWS::S3::Bucket'`, `'AWS::ElasticLoadBalancingV2::LoadBalancer'`).
   */
  public static resourcesOfType(...types: string[]): RuleTarget {
    return new RuleTarget(types);
  }

  /**
   * Evaluate the rule once per stack of the app (all Stages, all regions).
   */
  public static stacks(): RuleTarget {
    return new RuleTarget([]);
  }

  /**
   * The CloudFormation types the rule is evaluated on; empty for a stack rule.
   */
  public readonly resourceTypes: string[];

  private constructor(resourceTypes: string[]) {
    this.resourceTypes = [...resourceTypes];
  }
}

/**
 * A stack of the app, as a rule sees it.
 */
export interface RuleStack {
  /** Construct path of the stack, for example `Prod/Data`. */
  readonly path: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /**
   * The stack's account.
   * @default - environment-agnostic
   */
  readonly account?: string;
  /**
   * The stack's region.
   * @default - environment-agnostic
   */
  readonly region?: string;
  /** Whether the stack has termination protection. */
  readonly terminationProtection: boolean;
  /** Name of the readiness profile the stack is judged by (`prod`, `staging`, `dev`, or yours). */
  readonly profileName: string;
}

/**
 * A CloudFormation resource as synthesized, as a rule sees it.
 */
export interface RuleResource {
  /** CloudFormation type, for example `AWS::S3::Bucket`. */
  readonly type: string;
  /** Logical id in the stack's template. */
  readonly logicalId: string;
  /**
   * The resource's `Properties` as they are in the synthesized template (`{}` when none):
   * literal values, and intrinsic functions (`Ref`, `Fn::GetAtt`, …) where values are only
   * known at deploy time. Read-only.
   */
  readonly properties: any;
  /**
   * The template's `DeletionPolicy`.
   * @default - none in the template (CloudFormation's default applies)
   */
  readonly deletionPolicy?: string;
  /**
   * The template's `UpdateReplacePolicy`.
   * @default - none in the template (CloudFormation's default applies)
   */
  readonly updateReplacePolicy?: string;
  /** Construct path of the L1 resource (`<stack path>/<logical id>` if it is not in the tree). */
  readonly constructPath: string;
  /** Construct path of the resource's stack. */
  readonly stackPath: string;
  /**
   * The stack's account.
   * @default - environment-agnostic
   */
  readonly account?: string;
  /**
   * The stack's region.
   * @default - environment-agnostic
   */
  readonly region?: string;
  /**
   * The resource's literal tags (tags whose key or value is an intrinsic function are left out).
   */
  readonly tags: { [key: string]: string };
}

/**
 * What a rule judges: a resource (resource rules) or a stack (stack rules).
 */
export interface RuleSubject {
  /** The stack judged, or the stack of the resource judged. */
  readonly stack: RuleStack;
  /**
   * The resource judged.
   * @default - the subject is the stack (a rule targeting `RuleTarget.stacks()`)
   */
  readonly resource?: RuleResource;
}

/**
 * One thing wrong, as a rule reports it.
 */
export interface RuleFailure {
  /**
   * What is wrong, without the resource's name (the report lists the construct path beside it),
   * for example `Bucket has no Object Lock configuration`.
   */
  readonly message: string;
  /**
   * Where in the template, for example `Properties/ObjectLockConfiguration`.
   * @default - `Properties` for a resource, `Stack` for a stack
   */
  readonly location?: string;
}

/**
 * What a rule says of one subject.
 */
export class RuleVerdict {
  /** The subject complies (`pass` would be a reserved word in Python). */
  public static compliant(): RuleVerdict {
    return new RuleVerdict(true, []);
  }

  /** The rule does not apply to this subject: it is left out of the score. */
  public static notApplicable(): RuleVerdict {
    return new RuleVerdict(false, []);
  }

  /**
   * The subject does not comply: one finding.
   *
   * @param message what is wrong (see `RuleFailure.message`)
   * @param location where in the template; default `Properties` (resource) or `Stack`
   */
  public static fail(message: string, location?: string): RuleVerdict {
    return new RuleVerdict(true, [{ message, location }]);
  }

  /**
   * One finding per failure; a pass when the list is empty.
   */
  public static failAll(failures: RuleFailure[]): RuleVerdict {
    return new RuleVerdict(true, failures.map(({ message, location }) => ({ message, location })));
  }

  /** Whether the subject counts in the score. */
  public readonly applicable: boolean;
  /** What is wrong; empty when the subject complies. */
  public readonly failures: RuleFailure[];

  private constructor(applicable: boolean, failures: RuleFailure[]) {
    this.applicable = applicable;
    this.failures = failures;
  }
}

/** Lookup tables computed once per validation for custom rules. */
interface Views {
  readonly resources: Map<IndexedResource, RuleResource>;
  readonly stacks: Map<IndexedStack, RuleStack>;
  readonly stackByPath: Map<string, IndexedStack>;
}

/**
 * What a rule may ask about the app beyond its subject. Every lookup goes through the index
 * `ReadinessChecks` builds once per synth (and the tables it derives are built once, on first
 * use), so a rule that asks per resource keeps the checks linear in the size of the app.
 */
export class RuleContext {
  /**
   * @internal
   */
  public static _of(index: AppIndex, stack: IndexedStack): RuleContext {
    return new RuleContext(index, stack);
  }

  /**
   * The profile of the subject's stack: read its knobs (`minBackupRetentionDays`,
   * `requireCrossRegionCopy`, …) to make a rule environment-specific.
   */
  public readonly profile: ReadinessProfile;

  private constructor(private readonly index: AppIndex, private readonly stack: IndexedStack) {
    this.profile = stack.profile;
  }

  /**
   * The subject a rule is given: the context's stack, and the resource if any.
   * @internal
   */
  public _subject(resource?: IndexedResource): RuleSubject {
    const stack = this.stackView(this.stack);
    return resource ? { stack, resource: this.view(resource) } : { stack };
  }

  /** Every stack of the app (all Stages, all regions), sorted by construct path. */
  public get stacks(): RuleStack[] {
    return this.index.stacks.map((s) => this.stackView(s));
  }

  /** The subject's stack. */
  public get currentStack(): RuleStack {
    return this.stackView(this.stack);
  }

  /**
   * Every resource of a CloudFormation type in the app, or in one stack.
   *
   * @param resourceType a CloudFormation type, for example `AWS::WAFv2::WebACLAssociation`
   * @param stackPath only the resources of the stack with this construct path (default: every stack)
   */
  public resourcesOfType(resourceType: string, stackPath?: string): RuleResource[] {
    if (stackPath === undefined) return this.index.resourcesOfType(resourceType).map((r) => this.view(r));
    const byStack = this.index.derived(`custom-rules.byStackAndType:${resourceType}`, (ix) => {
      const map = new Map<string, RuleResource[]>();
      for (const r of ix.resourcesOfType(resourceType)) {
        let list = map.get(r.stack.path);
        if (!list) map.set(r.stack.path, (list = []));
        list.push(this.view(r));
      }
      return map;
    });
    return [...(byStack.get(stackPath) ?? [])];
  }

  /**
   * A resource by stack and logical id.
   *
   * @returns undefined when the stack or the logical id is not in the app
   */
  public resource(stackPath: string, logicalId: string): RuleResource | undefined {
    const r = this.views().stackByPath.get(stackPath)?.resourcesByLogicalId.get(logicalId);
    return r ? this.view(r) : undefined;
  }

  /** The stack a resource is in. */
  public stackOf(resource: RuleResource): RuleStack {
    return this.stackView(this.indexed(resource).stack);
  }

  /**
   * The resources a template value refers to: `Ref`, `Fn::GetAtt`, `Fn::Sub` variables and
   * `Fn::ImportValue` of another stack's export, at any depth (inside `Fn::Join`, `Fn::If`, …).
   *
   * @param value a template value, for example `subject.resource.properties.ResourceArn`
   * @param stackPath construct path of the stack whose template the value is from (default: the subject's stack)
   */
  public referencedResources(value: any, stackPath?: string): RuleResource[] {
    const from = stackPath === undefined ? this.stack : this.views().stackByPath.get(stackPath);
    if (!from) return [];
    return this.index.referencedResources(value, from).map((r) => this.view(r));
  }

  /**
   * The resources of a CloudFormation type, in any stack, whose properties refer to the given
   * resource (the inverse of `referencedResources`): for example the
   * `AWS::WAFv2::WebACLAssociation`s of a load balancer, or the `AWS::S3::BucketPolicy` of a bucket.
   * Built once per type and validation.
   *
   * @param target the resource referred to
   * @param resourceType the CloudFormation type of the resources that refer to it
   */
  public resourcesReferencing(target: RuleResource, resourceType: string): RuleResource[] {
    const inverse = this.index.derived(`custom-rules.referencing:${resourceType}`, (ix) => {
      const map = new Map<IndexedResource, RuleResource[]>();
      for (const r of ix.resourcesOfType(resourceType)) {
        for (const t of new Set(ix.referencesOf(r))) {
          let list = map.get(t);
          if (!list) map.set(t, (list = []));
          list.push(this.view(r));
        }
      }
      return map;
    });
    return [...(inverse.get(this.indexed(target)) ?? [])];
  }

  /**
   * The CloudWatch alarms (metric, metric-math and anomaly-detection alarms) whose metric
   * dimensions refer to the resource, by reference or by its literal physical name, in any stack.
   */
  public alarmsOn(resource: RuleResource): RuleResource[] {
    return this.index.alarmsOn(this.indexed(resource)).map((r) => this.view(r));
  }

  /**
   * Resources whose literal physical name (`BucketName`, `TableName`, `QueueName`,
   * `FunctionName`, …) is this name.
   */
  public resourcesNamed(name: string): RuleResource[] {
    return this.index.resourcesNamed(name).map((r) => this.view(r));
  }

  /**
   * The literal physical name of a resource, if its template gives one (`BucketName`,
   * `TableName`, `QueueName`, `FunctionName`, …).
   *
   * @returns undefined when the name is generated by CloudFormation or not literal
   */
  public physicalNameOf(resource: RuleResource): string | undefined {
    return physicalName(this.indexed(resource));
  }

  private views(): Views {
    return this.index.derived<Views>('custom-rules.views', (ix) => ({
      resources: new Map(),
      stacks: new Map(),
      stackByPath: new Map(ix.stacks.map((s) => [s.path, s])),
    }));
  }

  private indexed(resource: RuleResource): IndexedResource {
    const found = resource && typeof resource === 'object'
      ? this.views().stackByPath.get(resource.stackPath)?.resourcesByLogicalId.get(resource.logicalId)
      : undefined;
    if (!found) {
      throw new Error(
        `RuleContext: ${JSON.stringify(resource?.logicalId)} in stack ${JSON.stringify(resource?.stackPath)} is not a resource of the app. ` +
          'Pass a RuleResource given to the rule (subject.resource, or one returned by the context).',
      );
    }
    return found;
  }

  private view(r: IndexedResource): RuleResource {
    const { resources } = this.views();
    let view = resources.get(r);
    if (!view) {
      view = Object.freeze({
        type: r.type,
        logicalId: r.logicalId,
        properties: deepFreeze(r.properties),
        ...(r.deletionPolicy !== undefined ? { deletionPolicy: r.deletionPolicy } : {}),
        ...(r.updateReplacePolicy !== undefined ? { updateReplacePolicy: r.updateReplacePolicy } : {}),
        constructPath: r.path,
        stackPath: r.stack.path,
        ...(r.stack.account !== undefined ? { account: r.stack.account } : {}),
        ...(r.stack.region !== undefined ? { region: r.stack.region } : {}),
        tags: Object.freeze(Object.fromEntries(this.index.tagsOf(r))),
      });
      resources.set(r, view);
    }
    return view;
  }

  private stackView(s: IndexedStack): RuleStack {
    const { stacks } = this.views();
    let view = stacks.get(s);
    if (!view) {
      view = Object.freeze({
        path: s.path,
        stackName: s.stackName,
        ...(s.account !== undefined ? { account: s.account } : {}),
        ...(s.region !== undefined ? { region: s.region } : {}),
        terminationProtection: s.terminationProtection,
        profileName: s.profile.name,
      });
      stacks.set(s, view);
    }
    return view;
  }
}

/**
 * Template values are shared by every rule of a validation: a custom rule gets them read-only,
 * so a rule that writes to them fails (strict mode) instead of changing what other rules see.
 */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
