// CI gates inside an app (scripts/gates.sh): AWS Control Tower's proactive controls (cfn-guard
// rules from @cdklabs/cdk-validator-cfnguard) and cdk-nag's AwsSolutions and NIST 800-53 R5 packs
// run as validation plugins of the synth, beside ReadinessChecks; any unacknowledged finding fails
// it. Off unless the context flag is given, so the demo and everyday synths stay fast:
//   cdk synth -c readiness:gates=1              Control Tower controls and both cdk-nag packs
//   cdk synth -c readiness:gates=controltower   Control Tower controls only (the integration apps)
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The context key that switches the gates on. */
export const GATES_CONTEXT_KEY = 'readiness:gates';
/** The validation plugin name cdk-validator-cfnguard reports its findings under. */
export const CONTROL_TOWER = 'cdk-validator-cfnguard';

/** Add the gates' validation plugins to the app when `-c readiness:gates=<1|controltower>` is given. */
export function addGates(app: App): void {
  const flag = String(app.node.tryGetContext(GATES_CONTEXT_KEY) ?? '');
  if (flag === '' || flag === '0' || flag === 'false') return;
  Validations.of(app).addPlugins(new CfnGuardValidator());
  if (flag !== 'controltower') Validations.of(app).addPlugins(new AwsSolutionsChecks(), new NIST80053R5Checks());
}

/**
 * Acknowledge Control Tower controls (by cfn-guard rule name) on a test fixture of an integration
 * app: the workload the constructs under test attach to, which the gate does not judge.
 */
export function acknowledgeFixture(fixture: IConstruct, ...rules: string[]): void {
  for (const rule of rules) {
    Validations.of(fixture).acknowledge({
      id: `${CONTROL_TOWER}::${rule}`,
      reason: 'A test fixture of this integration app: the minimal workload the constructs under test attach to, not a resource of the library; examples/web-service shows the workload hardened.',
    });
  }
}
