import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** `standards/<name>/v/<version>` (regional) or `ruleset/<name>/v/<version>` (the global CIS 1.2.0). */
const STANDARD_PATH = /^(standards|ruleset)\/[a-z0-9-]+\/v\/[0-9]+(\.[0-9]+)*$/;

/**
 * A Security Hub (CSPM) standard, by the path of its ARN. The ones this library knows are static
 * members; `SecurityHubStandard.fromPath` names any other (as `DescribeStandards` lists them).
 */
export class SecurityHubStandard {
  /** AWS Foundational Security Best Practices v1.0.0. */
  public static readonly AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES = new SecurityHubStandard('standards/aws-foundational-security-best-practices/v/1.0.0');
  /** CIS AWS Foundations Benchmark v3.0.0. */
  public static readonly CIS_AWS_FOUNDATIONS_3_0_0 = new SecurityHubStandard('standards/cis-aws-foundations-benchmark/v/3.0.0');
  /** CIS AWS Foundations Benchmark v1.4.0. */
  public static readonly CIS_AWS_FOUNDATIONS_1_4_0 = new SecurityHubStandard('standards/cis-aws-foundations-benchmark/v/1.4.0');
  /** NIST SP 800-53 Rev. 5. */
  public static readonly NIST_800_53_R5 = new SecurityHubStandard('standards/nist-800-53/v/5.0.0');
  /** PCI DSS v4.0.1. */
  public static readonly PCI_DSS_4_0_1 = new SecurityHubStandard('standards/pci-dss/v/4.0.1');
  /** AWS Resource Tagging Standard v1.0.0. */
  public static readonly AWS_RESOURCE_TAGGING = new SecurityHubStandard('standards/aws-resource-tagging-standard/v/1.0.0');

  /**
   * Any other standard, by the part of its ARN after `securityhub:<region>::`, for example
   * `standards/nist-800-171/v/2.0.0`.
   */
  public static fromPath(path: string): SecurityHubStandard {
    if (Token.isUnresolved(path) || typeof path !== 'string' || !STANDARD_PATH.test(path)) {
      throw new Error(`SecurityHubStandard.fromPath: unknown standard path ${JSON.stringify(path)}. ` +
        'Give the part of the standard ARN after "securityhub:<region>::", as DescribeStandards lists it (for example "standards/nist-800-171/v/2.0.0"), or use a static member such as SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0.');
    }
    return new SecurityHubStandard(path);
  }

  /**
   * Whether a value is a standard of this class (JavaScript callers can pass anything).
   * @internal
   */
  public static _isStandard(x: unknown): x is SecurityHubStandard {
    return x instanceof SecurityHubStandard;
  }

  /** The ARN path of the standard, for example `standards/cis-aws-foundations-benchmark/v/3.0.0`. */
  public readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * The standard's ARN in the region of `scope`'s stack. Regional standards carry the region;
   * the legacy `ruleset/` standards have none.
   */
  public arnIn(scope: IConstruct): string {
    const stack = Stack.of(scope);
    const region = this.path.startsWith('ruleset/') ? '' : stack.region;
    return `arn:${stack.partition}:securityhub:${region}::${this.path}`;
  }
}
