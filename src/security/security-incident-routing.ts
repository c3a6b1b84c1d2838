import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { letAlarmsPublish, letAlarmsUseKey } from '../monitoring/private/alarm-publishing';
import { EventDeadLetters } from '../monitoring/private/event-dead-letters';
import { Runbook, RunbookSection } from '../runbooks/runbook';
import { restrictGrantsToAwsServices } from '../shared/key-grants';
import { invalidProp } from '../shared/validation';

/**
 * Severity of a security finding, from which a route notifies.
 */
export enum FindingSeverity {
  /** GuardDuty 1.0+, Security Hub and Inspector LOW and above. */
  LOW = 'LOW',
  /** GuardDuty 4.0+, MEDIUM and above. */
  MEDIUM = 'MEDIUM',
  /** GuardDuty 7.0+, HIGH and CRITICAL. */
  HIGH = 'HIGH',
  /** GuardDuty 9.0+, CRITICAL only. */
  CRITICAL = 'CRITICAL',
}

/**
 * A service whose findings are routed to incident response.
 */
export enum FindingSource {
  /** Amazon GuardDuty findings (threat detection). */
  GUARDDUTY = 'guardduty',
  /** AWS Security Hub findings (controls of the enabled standards and integrated products). */
  SECURITY_HUB = 'securityhub',
  /** Amazon Inspector findings (software vulnerabilities and network reachability). */
  INSPECTOR = 'inspector',
}

/**
 * One route of security findings to incident response, written as a runbook entry (the runbook
 * generator turns these into the incident-response document).
 */
export interface IncidentRunbookEntry {
  /** The finding source. */
  readonly source: FindingSource;
  /** Title of the entry. */
  readonly title: string;
  /** What raises it: the findings the EventBridge rule matches. */
  readonly trigger: string;
  /** The lowest severity routed. */
  readonly minimumSeverity: FindingSeverity;
  /** Who or what is notified. */
  readonly notifies: string[];
  /** The first steps of the responder, in order. */
  readonly steps: string[];
  /**
   * The full runbook.
   * @default - none
   */
  readonly runbookUrl?: string;
}

/**
 * Props of SecurityIncidentRouting.
 */
export interface SecurityIncidentRoutingProps {
  /**
   * The finding sources to route.
   *
   * @default - GuardDuty, Security Hub and Inspector
   */
  readonly sources?: FindingSource[];

  /**
   * Findings of this severity and above are routed.
   *
   * @default FindingSeverity.HIGH
   */
  readonly minimumSeverity?: FindingSeverity;

  /**
   * Topic the findings are published to (the security on-call subscribes to it). EventBridge must
   * be allowed to publish to it and, if it is encrypted, to use its key; so must CloudWatch
   * (`cloudwatch.amazonaws.com`): the alarm on the rules' dead-letter queue notifies it.
   *
   * @default - a new topic encrypted with a new customer managed key, TLS only, that EventBridge and this account's alarms may publish to
   */
  readonly topic?: sns.ITopic;

  /**
   * A function invoked with every routed finding (automated response: ticketing, isolation, ...).
   *
   * @default - none
   */
  readonly responseFunction?: lambda.IFunction;

  /**
   * ARN of an AWS Systems Manager Incident Manager response plan in this account and region:
   * every routed finding starts an incident with it.
   *
   * @default - none
   */
  readonly responsePlanArn?: string;

  /**
   * Where responders find the full incident-response runbook; included in every notification.
   *
   * @default - the runbook text of this construct only
   */
  readonly runbookUrl?: string;
}

const CONSTRUCT = 'SecurityIncidentRouting';
const SEVERITIES: FindingSeverity[] = [FindingSeverity.LOW, FindingSeverity.MEDIUM, FindingSeverity.HIGH, FindingSeverity.CRITICAL];
const GUARDDUTY_MINIMUM: Record<FindingSeverity, number> = {
  [FindingSeverity.LOW]: 1,
  [FindingSeverity.MEDIUM]: 4,
  [FindingSeverity.HIGH]: 7,
  [FindingSeverity.CRITICAL]: 9,
};
/** Product names Security Hub gives the findings it imports from GuardDuty and Inspector. */
const SECURITY_HUB_PRODUCT: Partial<Record<FindingSource, string>> = {
  [FindingSource.GUARDDUTY]: 'GuardDuty',
  [FindingSource.INSPECTOR]: 'Inspector',
};
const RESPONSE_PLAN_ARN = /^arn:aws[a-z-]*:ssm-incidents::[0-9]{12}:response-plan\/[a-zA-Z0-9_-]+$/;

/** The event pattern, message fields and runbook steps of one source. */
interface SourceSpec {
  readonly title: string;
  readonly pattern: (labels: string[], minimum: FindingSeverity, routed: FindingSource[]) => events.EventPattern;
  readonly trigger: (labels: string[], minimum: FindingSeverity) => string;
  readonly fields: Array<[string, string]>;
  readonly steps: string[];
}

const SPECS: Record<FindingSource, SourceSpec> = {
  [FindingSource.GUARDDUTY]: {
    title: 'GuardDuty threat finding',
    pattern: (_labels, minimum) => ({
      source: ['aws.guardduty'],
      detailType: ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', GUARDDUTY_MINIMUM[minimum]] }] },
    }),
    trigger: (_labels, minimum) => `GuardDuty findings of severity ${GUARDDUTY_MINIMUM[minimum]}.0 or higher (${minimum} and above)`,
    fields: [['Finding', '$.detail.type'], ['Severity', '$.detail.severity'], ['Title', '$.detail.title'], ['Resource', '$.detail.resource.resourceType'], ['Id', '$.detail.id']],
    steps: [
      'Open the finding in the GuardDuty console of the event\'s account and region; read its type, the affected resource and the actor (IP, principal, process).',
      'Decide within 15 minutes whether it is expected activity (then archive it with a suppression rule that names why) or a compromise.',
      'For a compromise: isolate the resource (restrictive security group, revoke the IAM session or deactivate the access key, stop the task), then snapshot it for forensics before anything is deleted.',
      'Search CloudTrail for everything the principal did since the finding\'s first-seen time, and rotate every credential it could read.',
      'Open an incident record, notify the data owner, and keep the timeline until the post-incident review.',
    ],
  },
  [FindingSource.SECURITY_HUB]: {
    title: 'Security Hub finding',
    pattern: (labels, _minimum, routed) => ({
      source: ['aws.securityhub'],
      detailType: ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          Severity: { Label: labels },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          // Findings of the sources routed directly by this construct are not sent twice.
          ...(directProducts(routed).length > 0 ? { ProductName: [{ 'anything-but': directProducts(routed) }] } : {}),
        },
      },
    }),
    trigger: (labels) => `new, active Security Hub findings labelled ${labels.join(' or ')}`,
    fields: [['Title', '$.detail.findings[0].Title'], ['Severity', '$.detail.findings[0].Severity.Label'], ['Product', '$.detail.findings[0].ProductName'], ['Resource', '$.detail.findings[0].Resources[0].Id'], ['Id', '$.detail.findings[0].Id']],
    steps: [
      'Open the finding in Security Hub (the aggregation region shows every linked region); read the failed control or the integrated product\'s finding and the affected resource.',
      'If a control failed on a resource this app owns, fix it in code (the readiness report names the construct or prop) and deploy; never fix it by hand only.',
      'If the finding is accepted risk, suppress it with a workflow note that says why and who accepted it.',
      'For findings of integrated products (Macie, IAM Access Analyzer, Firewall Manager), follow that product\'s entry of the incident-response runbook.',
    ],
  },
  [FindingSource.INSPECTOR]: {
    title: 'Inspector vulnerability finding',
    pattern: (labels) => ({
      source: ['aws.inspector2'],
      detailType: ['Inspector2 Finding'],
      detail: { severity: labels, status: ['ACTIVE'] },
    }),
    trigger: (labels) => `active Amazon Inspector findings of severity ${labels.join(' or ')}`,
    fields: [['Title', '$.detail.title'], ['Severity', '$.detail.severity'], ['Type', '$.detail.type'], ['Resource', '$.detail.resources[0].id'], ['Finding', '$.detail.findingArn']],
    steps: [
      'Open the finding in Amazon Inspector; read the vulnerable package, the fixed version and whether an exploit is known (Inspector score, EPSS).',
      'Find the image, function or instance in the app; rebuild it with the fixed version and deploy it through the pipeline.',
      'If no fix exists yet, reduce exposure (network reachability, IAM) and record the accepted risk with an expiry date as a suppression rule.',
      'Confirm the finding closes (status CLOSED) after the rescan.',
    ],
  },
};

function directProducts(routed: FindingSource[]): string[] {
  return routed.map((s) => SECURITY_HUB_PRODUCT[s]).filter((p): p is string => p !== undefined);
}

/** Labels at or above a minimum, in ascending order. */
function labelsFrom(minimum: FindingSeverity): string[] {
  return SEVERITIES.slice(SEVERITIES.indexOf(minimum));
}

/**
 * Routes security findings at or above a severity to incident response: one EventBridge rule per
 * source (GuardDuty, Security Hub, Inspector) to a KMS-encrypted SNS topic and, optionally, a
 * response function and an Incident Manager response plan. Each route is written down as an
 * incident-response runbook entry (`runbookEntries`), and its text goes with every notification.
 *
 * EventBridge rules are regional: add one in every region with detectors (or in the Security Hub
 * aggregation region for Security Hub findings). Findings already imported into Security Hub from
 * a source routed here directly are not routed twice.
 */
export class SecurityIncidentRouting extends Construct {
  /** The topic the findings are published to. */
  public readonly topic: sns.ITopic;
  /** Where the rules keep the findings they could not deliver (retried first), alarmed on to the topic. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The incident-response runbook entry of every route. */
  public readonly runbookEntries: IncidentRunbookEntry[];
  /** The lowest severity routed. */
  public readonly minimumSeverity: FindingSeverity;
  private readonly rules = new Map<FindingSource, events.Rule>();

  constructor(scope: Construct, id: string, props: SecurityIncidentRoutingProps = {}) {
    super(scope, id);
    const sources = validateSources(this, props.sources);
    const minimum = props.minimumSeverity ?? FindingSeverity.HIGH;
    if (!SEVERITIES.includes(minimum)) {
      invalidProp(this, CONSTRUCT, 'minimumSeverity', minimum, `Use one of FindingSeverity: ${SEVERITIES.join(', ')}.`);
    }
    if (props.responsePlanArn !== undefined && !Token.isUnresolved(props.responsePlanArn) && !RESPONSE_PLAN_ARN.test(props.responsePlanArn)) {
      invalidProp(this, CONSTRUCT, 'responsePlanArn', props.responsePlanArn,
        'Give the ARN of an Incident Manager response plan, arn:aws:ssm-incidents::<account>:response-plan/<name>.');
    }
    if (props.runbookUrl !== undefined && !Token.isUnresolved(props.runbookUrl) && !/^https:\/\/\S+$/.test(props.runbookUrl)) {
      invalidProp(this, CONSTRUCT, 'runbookUrl', props.runbookUrl, 'Give an https:// URL.');
    }
    this.minimumSeverity = minimum;
    this.topic = props.topic ?? this.createTopic();

    const notifies = [
      `SNS topic ${props.topic ? props.topic.node.path : `${this.node.path}/Topic`}`,
      ...(props.responseFunction ? [`Lambda function ${props.responseFunction.node.path}`] : []),
      ...(props.responsePlanArn ? [`Incident Manager response plan ${Token.isUnresolved(props.responsePlanArn) ? '(from the stack)' : props.responsePlanArn}`] : []),
    ];
    const deadLetters = new EventDeadLetters(this, 'security findings', [
      'check the topic exists and its key policy lets events.amazonaws.com use the key; for a response function or plan, its resource policy or the StartIncidentRole',
      'open the finding named in the message body in its service console: it reached nobody',
    ], props.runbookUrl);
    deadLetters.alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.deadLetterQueue = deadLetters.queue;
    const labels = labelsFrom(minimum);
    const planTarget = props.responsePlanArn ? this.responsePlanTarget(props.responsePlanArn) : undefined;
    this.runbookEntries = sources.map((source) => {
      const spec = SPECS[source];
      const entry: IncidentRunbookEntry = {
        source,
        title: spec.title,
        trigger: spec.trigger(labels, minimum),
        minimumSeverity: minimum,
        notifies,
        steps: spec.steps,
        runbookUrl: props.runbookUrl,
      };
      const rule = new events.Rule(this, `${pascal(source)}Findings`, {
        description: `Routes ${entry.trigger} to incident response`,
        eventPattern: spec.pattern(labels, minimum, sources),
      });
      rule.addTarget(new targets.SnsTopic(this.topic, { ...deadLetters.targetProps, message: message(spec, entry) }));
      // The route's entry in the generated incident-response runbook.
      Runbook.addEntry(rule, { section: RunbookSection.INCIDENT_RESPONSE, title: entry.title, summary: `Raised by ${entry.trigger}; notifies ${notifies.join(', ')}.`, steps: entry.steps, url: entry.runbookUrl });
      if (props.responseFunction) rule.addTarget(new targets.LambdaFunction(props.responseFunction, deadLetters.targetProps));
      if (planTarget) rule.addTarget({ bind: (r, targetId) => deadLetters.bindTarget(r, planTarget.bind(r, targetId)) });
      this.rules.set(source, rule);
      return entry;
    });
  }

  /** The EventBridge rule of a source, if it is routed. */
  public ruleFor(source: FindingSource): events.Rule | undefined {
    return this.rules.get(source);
  }

  /** The runbook entries as plain text, one paragraph per route. */
  public get runbook(): string {
    return this.runbookEntries.map(runbookText).join('\n\n');
  }

  /** Incident Manager response plans as EventBridge targets: the rules assume a role allowed to start incidents. */
  private responsePlanTarget(responsePlanArn: string): events.IRuleTarget {
    const role = new iam.Role(this, 'StartIncidentRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets the security findings rules start Incident Manager incidents',
    });
    role.addManagedPolicy(new iam.ManagedPolicy(this, 'StartIncidentPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['ssm-incidents:StartIncident'], resources: [responsePlanArn] })],
    }));
    return { bind: () => ({ arn: responsePlanArn, role }) };
  }

  private createTopic(): sns.ITopic {
    const key = restrictGrantsToAwsServices(new kms.Key(this, 'TopicKey', {
      description: `Encrypts the security findings topic of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    // The SnsTopic targets grant EventBridge publish on the topic and use of this key. KMS key
    // policies for EventBridge delivery do not support aws:SourceAccount / aws:SourceArn conditions
    // (notifications would be dropped), so the key statement carries none.
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security findings for incident response',
      masterKey: key,
      enforceSSL: true,
    });
    // The dead-letter queue's alarm notifies through this topic too (conditioned on this account's alarms).
    letAlarmsPublish(topic);
    letAlarmsUseKey(key, Stack.of(this));
    return topic;
  }
}

function message(spec: SourceSpec, entry: IncidentRunbookEntry): events.RuleTargetInput {
  return events.RuleTargetInput.fromMultilineText([
    `${spec.title} (${entry.minimumSeverity} and above)`,
    `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
    ...spec.fields.map(([label, path]) => `${label}: ${events.EventField.fromPath(path)}`),
    runbookText(entry),
  ].join('\n'));
}

function runbookText(entry: IncidentRunbookEntry): string {
  return [
    `${entry.title}: ${entry.trigger}.`,
    `Runbook: ${entry.steps.map((s, i) => `${i + 1}) ${s}`).join(' ')}`,
    ...(entry.runbookUrl ? [`Full runbook: ${entry.runbookUrl}`] : []),
  ].join(' ');
}

function validateSources(scope: Construct, given: FindingSource[] | undefined): FindingSource[] {
  const known = Object.values(FindingSource) as string[];
  const sources = given ?? [FindingSource.GUARDDUTY, FindingSource.SECURITY_HUB, FindingSource.INSPECTOR];
  if (!Array.isArray(sources) || sources.length === 0) {
    invalidProp(scope, CONSTRUCT, 'sources', given, `List at least one of FindingSource: ${known.join(', ')}.`);
  }
  for (const s of sources) {
    if (!known.includes(s)) invalidProp(scope, CONSTRUCT, 'sources', s, `Use FindingSource: ${known.join(', ')}.`);
  }
  if (new Set(sources).size !== sources.length) {
    invalidProp(scope, CONSTRUCT, 'sources', sources, 'List each source once.');
  }
  return sources;
}

function pascal(s: string): string {
  return s === FindingSource.GUARDDUTY ? 'GuardDuty' : s === FindingSource.SECURITY_HUB ? 'SecurityHub' : 'Inspector';
}
