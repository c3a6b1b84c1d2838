import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * A customer managed policy (NIST 800-53 R5 rules IAMNoInlinePolicy: no inline policies) whose
 * statements each say why they need a wildcard, when they do. The reason is attached as a
 * cdk-nag acknowledgement of exactly the `AwsSolutions-IAM5[Action::…]` / `[Resource::…]`
 * findings the statement produces, so a new wildcard added without a reason still fails.
 */
export class ScopedPolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, description: string, role: iam.IRole) {
    super(scope, id);
    this.policy = new iam.ManagedPolicy(this, 'Resource', { description, roles: [role] });
  }

  /** Add a statement; `wildcardReason` is required when it has a wildcard action or resource. */
  public add(statement: iam.PolicyStatement, wildcardReason?: string): void {
    this.policy.addStatements(statement);
    const json = Stack.of(this).resolve(statement.toStatementJson());
    const findings = [
      ...asList(json.Action).filter((a) => a.includes('*')).map((a) => `Action::${a}`),
      ...asList(json.Resource).map(flatten).filter((r) => r.includes('*')).map((r) => `Resource::${r}`),
    ];
    if (findings.length === 0) return;
    if (!wildcardReason) throw new Error(`ScopedPolicy ${this.node.path}: statement with ${findings.join(', ')} needs a reason`);
    for (const f of findings) Validations.of(this.policy).acknowledge({ id: `AwsSolutions-IAM5[${f}]`, reason: wildcardReason });
  }
}

function asList(v: unknown): any[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A resolved CloudFormation value as cdk-nag prints it in finding ids (`<LogicalId>`, `<X.Arn>`). */
function flatten(node: any): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return items.map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) return flatten(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return flatten(node['Fn::ImportValue']);
  if (node.Ref) return `<${flatten(node.Ref)}>`;
  return JSON.stringify(node);
}
