// The flagship: the workload of examples/before-audit built the way we recommend (see
// web-service-stack.ts and backup-dr-stack.ts; web-service-app.ts wires the stacks).
//
//   cdk synth -c readiness:profile=prod
import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks } from 'cdk-readiness';
import { addGates } from '../gates';
import { buildWebServiceApp } from './web-service-app';

const app = new App();
buildWebServiceApp(app);

// The profile comes from `-c readiness:profile=<dev|staging|prod>`.
Validations.of(app).addPlugins(new ReadinessChecks(app));
// CI only (scripts/gates.sh): Control Tower's proactive controls and cdk-nag's packs, with `-c readiness:gates=1`.
addGates(app);

app.synth();
