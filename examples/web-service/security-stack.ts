import { Stack, StackProps } from 'aws-cdk-lib';
import { SecurityBaseline, SecurityHubStandard, ServiceMode } from 'cdk-readiness';
import { Construct } from 'constructs';

export interface SecurityStackProps extends StackProps {
  /**
   * The region whose baseline owns the account-wide parts: the multi-region trail, global
   * resource recording in AWS Config and the Security Hub finding aggregator.
   */
  readonly homeRegion: string;
  /** The other regions the app deploys to (their findings are aggregated in the home region). */
  readonly linkedRegions: string[];
}

/**
 * The security baseline of one account and region: GuardDuty, Security Hub, AWS Config, Inspector,
 * ECR scanning, Access Analyzer and incident routing are regional, so the app has one of these
 * stacks per region it deploys to. The trail is multi-region: the home region's baseline creates
 * it and the others declare it as provided.
 */
export class SecurityStack extends Stack {
  public readonly baseline: SecurityBaseline;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);
    const home = this.region === props.homeRegion;
    this.baseline = new SecurityBaseline(this, 'Security', {
      securityHub: {
        standards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0],
        findingAggregator: home ? { regions: props.linkedRegions } : undefined,
      },
      cloudTrail: home ? {} : { mode: ServiceMode.PROVIDED },
      runbookUrl: 'https://runbooks.example.com/web-service/security-incident',
    });
  }
}
