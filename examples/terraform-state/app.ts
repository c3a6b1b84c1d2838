// Remote state for Terraform and OpenTofu, the production way: a state bucket in the primary
// region, its replica in the DR region (wired by name, no cross-region references), S3 native
// locking, one key prefix per environment with least-privilege managed policies, and the
// backend configuration rendered into the cloud assembly and the stack outputs
// (terraform-state-app.ts builds the stacks).
//
//   cdk synth -c readiness:profile=prod     # passes the state rules (STA1-STA5) and cdk-nag
//   ls cdk.out/terraform-backends/*/*/*/    # backend.tf and backend.tofu per environment
//   cdk deploy --all --outputs-file outputs.json
//   npx cdk-readiness backend-config outputs.json --environment prod --out ../infra/backend.tf
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ReadinessChecks } from 'cdk-readiness';
import { buildTerraformStateApp } from './terraform-state-app';

const app = new App();
buildTerraformStateApp(app, process.env.CDK_DEFAULT_ACCOUNT);

Validations.of(app).addPlugins(new ReadinessChecks(app), new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
