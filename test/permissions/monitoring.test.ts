/**
 * Permission matrix of the monitoring family (ServiceMonitoring's alarm routing topics and key,
 * TracingActivation's X-Ray policy) and of DeploymentSafety (the CodeDeploy role), decided by the IAM
 * policy evaluator `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, test-only: see policy-model.ts)
 * on the committed integ snapshots.
 */
import { FamilyTemplates, MatrixRow, permissionMatrix, stacksOf } from './matrix';
import { ACCOUNT as A, StackModel } from './policy-model';

import { alarmContext, keyRows, queueRows, service, topicRows, trustRows } from './rows';

const TEMPLATES: FamilyTemplates[] = [
  { file: 'integ.service-monitoring.ts.snapshot/IntegMonitoring.template.json', region: 'eu-west-1' },
  { file: 'integ.deployment-safety.ts.snapshot/IntegDeploymentSafety.template.json', region: 'eu-west-1' },
];
const [monitoring, deployment] = stacksOf(TEMPLATES);
const R = 'eu-west-1';
const alarm = alarmContext(R);
const XRAY = { policy: 'ReadinessXRayWriteAccessCA26C9F2' };

function routingRows(s: StackModel): MatrixRow[] {
  return [
    ...topicRows(s, 'ReadinessAlarmRoutingWarningTopic1CB26CDF', 'cloudwatch.amazonaws.com', alarm),
    ...topicRows(s, 'ReadinessAlarmRoutingCriticalTopic2035A028', 'cloudwatch.amazonaws.com', alarm),
    ...keyRows(s, 'ReadinessAlarmRoutingTopicKeyD5889F9F'),
    { stack: s.name, who: service('cloudwatch.amazonaws.com'), action: 'kms:GenerateDataKey', resource: s.target('ReadinessAlarmRoutingTopicKeyD5889F9F'), context: alarm, expect: 'allowed', because: 'CloudWatch encrypts this account\'s alarm notifications' },
    { stack: s.name, who: XRAY, action: 'xray:PutTraceSegments', resource: '*', expect: 'allowed', because: 'functions write traces' },
    { stack: s.name, who: XRAY, action: 'xray:DeleteGroup', resource: `arn:aws:xray:${R}:${A}:group/default/AB12CD34EF56`, expect: 'denied', because: 'nothing else in X-Ray' },
  ];
}

permissionMatrix('Monitoring and deployment (ServiceMonitoring, AlarmRouting, TracingActivation, DeploymentSafety)', TEMPLATES, [
  ...routingRows(monitoring),
  ...queueRows(monitoring, 'JobsDF1CC2D4'),
  ...queueRows(monitoring, 'JobsDlqB53173A1'),
  ...routingRows(deployment),
  ...trustRows(deployment, 'HandlerDeploymentSafetyDeploymentGroupServiceRole24CBC661', 'codedeploy.amazonaws.com'),
  {
    stack: deployment.name,
    who: { role: 'HandlerDeploymentSafetyDeploymentGroupServiceRole24CBC661' },
    action: 'iam:PassRole',
    resource: `arn:aws:iam::${A}:role/Admin`,
    expect: 'denied',
    because: 'none of our grants (AWS\'s managed CodeDeploy policy is not ours to evaluate)',
  },
], {
  ApiServiceRole1BD550DA: 'the Lambda function of the app under test',
  WebTaskDefTaskRoleB0D86F55: 'the ECS task definition of the app under test',
  WebTaskDefExecutionRole04EEAF3E: 'the ECS task definition of the app under test',
  HandlerServiceRoleFCDC14AE: 'the Lambda function of the app under test',
  FleetInstanceRoleA605DB82: 'the Auto Scaling group of the app under test',
  OrderEvents91E7078A: 'the SNS topic of the app under test (its TLS-only policy is CDK\'s enforceSSL, not ours)',
});
