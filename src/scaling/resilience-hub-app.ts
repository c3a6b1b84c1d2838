import { Stack, Token } from 'aws-cdk-lib';
import * as resiliencehub from 'aws-cdk-lib/aws-resiliencehub';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile/readiness-profile';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'ResilienceHubApp';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,59}$/;

/**
 * How critical the application is, as AWS Resilience Hub ranks it.
 */
export enum ResilienceTier {
  /** Downtime is unacceptable. */
  MISSION_CRITICAL = 'MissionCritical',
  /** Critical to the business. */
  CRITICAL = 'Critical',
  /** Important, not critical. */
  IMPORTANT = 'Important',
  /** Core services other applications rely on. */
  CORE_SERVICES = 'CoreServices',
  /** Not critical. */
  NON_CRITICAL = 'NonCritical',
}

/**
 * Props of ResilienceHubApp.
 */
export interface ResilienceHubAppProps {
  /**
   * The stacks that make up the application; each must be in the account and region of the
   * stack this construct is in (Resilience Hub applications are regional: add one per region).
   */
  readonly stacks: Stack[];
  /**
   * Name of the Resilience Hub application and its resiliency policy.
   *
   * @default - the name of the stack this construct is in
   */
  readonly appName?: string;
  /**
   * How critical the application is.
   *
   * @default ResilienceTier.CRITICAL for a profile that requires cross-region copies (PROD), else ResilienceTier.IMPORTANT
   */
  readonly tier?: ResilienceTier;
  /**
   * Run an assessment every day (Resilience Hub's `Daily` schedule), so drift from the policy is found without anyone starting one.
   *
   * @default true
   */
  readonly dailyAssessment?: boolean;
  /**
   * The profile whose RPO and RTO become the policy's targets.
   *
   * @default - the profile in force for this construct (`ReadinessProfile.of(this)`)
   */
  readonly profile?: ReadinessProfile;
}

/**
 * Registers the app's stacks with AWS Resilience Hub under a resiliency policy made from the
 * readiness profile's RPO and RTO, so the assessment AWS runs after deploy measures the same
 * targets the synth-time checks and the backup verifier use.
 *
 * The policy sets the same targets for software, hardware and Availability Zone disruptions, and
 * for a Region disruption when the profile requires cross-region copies (PROD). Opt-in: it
 * creates a Resilience Hub application and policy, which AWS bills per application per month.
 */
export class ResilienceHubApp extends Construct {
  /** The resiliency policy. */
  public readonly policy: resiliencehub.CfnResiliencyPolicy;
  /** The Resilience Hub application. */
  public readonly app: resiliencehub.CfnApp;
  /** ARN of the application. */
  public readonly appArn: string;

  constructor(scope: Construct, id: string, props: ResilienceHubAppProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const profile = props.profile ?? ReadinessProfile.of(this);
    const name = props.appName ?? stack.stackName;
    if (!Token.isUnresolved(name) && !NAME_PATTERN.test(name)) {
      invalidProp(this, CONSTRUCT, 'appName', name, 'Use 2 to 60 letters, digits, hyphens or underscores, starting with a letter or digit.');
    }
    if (props.stacks.length === 0) {
      invalidProp(this, CONSTRUCT, 'stacks', [], 'Pass the stacks that make up the application (at least one).');
    }
    for (const s of props.stacks) {
      if (s.account !== stack.account || s.region !== stack.region) {
        invalidProp(this, CONSTRUCT, 'stacks', s.node.path,
          `That stack is in ${s.account}/${s.region}, this construct in ${stack.account}/${stack.region}: a Resilience Hub application is regional. Add one ResilienceHubApp per account and region.`);
      }
    }

    const targets = { rpoInSecs: Math.round(profile.rpoHours * 3600), rtoInSecs: Math.round(profile.rtoHours * 3600) };
    this.policy = new resiliencehub.CfnResiliencyPolicy(this, 'Policy', {
      policyName: `${name}-${profile.name}`,
      policyDescription: `RPO ${profile.rpoHours} h and RTO ${profile.rtoHours} h of the cdk-readiness profile '${profile.name}'`,
      tier: props.tier ?? (profile.requireCrossRegionCopy ? ResilienceTier.CRITICAL : ResilienceTier.IMPORTANT),
      policy: {
        Software: targets,
        Hardware: targets,
        AZ: targets,
        ...(profile.requireCrossRegionCopy ? { Region: targets } : {}),
      },
    });

    this.app = new resiliencehub.CfnApp(this, 'App', {
      name,
      description: `Registered by cdk-readiness: ${props.stacks.map((s) => s.stackName).join(', ')}`,
      resiliencyPolicyArn: this.policy.attrPolicyArn,
      appAssessmentSchedule: props.dailyAssessment === false ? 'Disabled' : 'Daily',
      // The stacks are the application's input sources; Resilience Hub discovers their resources.
      appTemplateBody: JSON.stringify({ resources: [], appComponents: [], excludedResources: {}, version: 2 }),
      resourceMappings: props.stacks.map((s) => ({
        mappingType: 'CfnStack',
        logicalStackName: s.stackName,
        // Another stack's id is exported by that stack and imported here (same account and region).
        physicalResourceId: { identifier: s.stackId, type: 'Arn', awsAccountId: s.account, awsRegion: s.region },
      })),
    });
    this.appArn = this.app.attrAppArn;
  }
}
