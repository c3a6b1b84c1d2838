import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ScopedPolicy } from './scoped-policy';
import { invalidProp } from '../../shared/validation';

/** AWS FIS accepts at most five stop conditions per experiment template. */
export const MAX_STOP_CONDITIONS = 5;
/** Tag every template carries, so they can be listed (`aws fis list-experiment-templates`). */
export const EXPERIMENT_TAG = 'cdk-readiness:experiment';

/** FIS may assume the role only for experiments of this account and region (no confused deputy). */
export function experimentRole(scope: Construct, description: string): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, 'ExperimentRole', {
    description,
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
    }),
  });
}

/** The experiment role's permissions: a managed policy whose wildcards carry their reasons. */
export function experimentPolicy(scope: Construct, role: iam.IRole, what: string): ScopedPolicy {
  return new ScopedPolicy(scope, 'ExperimentPolicy', `What AWS FIS may do in ${what}, and nothing else`, role);
}

/** A `PERCENT(n)` selection mode takes a whole percentage from 1 to 100. */
export function checkSelectionPercent(scope: Construct, construct: string, prop: string, percent: number, why = ''): void {
  if (Token.isUnresolved(percent)) return;
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    invalidProp(scope, construct, prop, percent, `Give a whole percentage from 1 to 100${why}.`);
  }
}

/** Check the given stop-condition alarms; the caller makes defaults when none are given. */
export function checkStopConditions(scope: Construct, construct: string, alarms: cloudwatch.IAlarm[] | undefined): void {
  if (alarms === undefined) return;
  if (alarms.length === 0) {
    invalidProp(scope, construct, 'stopConditionAlarms', [], 'Give the service\'s critical alarms (an experiment stops when one of them fires), or leave the prop out for the default critical alarms.');
  }
  if (alarms.length > MAX_STOP_CONDITIONS) {
    invalidProp(scope, construct, 'stopConditionAlarms', alarms.map((a) => a.node.path),
      `AWS FIS accepts at most ${MAX_STOP_CONDITIONS} stop conditions per template: combine the alarms in a cloudwatch.CompositeAlarm.`);
  }
}

/** Options of one experiment template. */
export interface TemplateOptions {
  readonly description: string;
  readonly role: iam.IRole;
  readonly stopConditions: cloudwatch.IAlarm[];
  readonly targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
  readonly actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty>;
  /** Short kind, e.g. `stop-tasks`. */
  readonly kind: string;
}

/**
 * An experiment template: single account, failing (not skipping) when its targets cannot be
 * found, stopped by any of the alarms.
 */
export function experimentTemplate(scope: Construct, id: string, o: TemplateOptions): fis.CfnExperimentTemplate {
  // FIS limits a template description to 512 characters.
  const description = o.description.length > 512 ? `${o.description.substring(0, 511)}…` : o.description;
  return new fis.CfnExperimentTemplate(scope, id, {
    description,
    roleArn: o.role.roleArn,
    stopConditions: o.stopConditions.map((a) => ({ source: 'aws:cloudwatch:alarm', value: a.alarmArn })),
    targets: o.targets,
    actions: o.actions,
    experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
    tags: { [EXPERIMENT_TAG]: o.kind, Name: `${scope.node.path}/${id}`.substring(0, 256) },
  });
}

/** An ISO 8601 duration (`PT10M`) for FIS action parameters. */
export function isoDuration(seconds: number): string {
  return seconds % 60 === 0 ? `PT${seconds / 60}M` : `PT${seconds}S`;
}
