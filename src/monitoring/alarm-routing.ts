import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { restrictGrantsToAwsServices } from '../shared/key-grants';
import { TreeState } from '../shared/tree-state';
import { letAlarmsPublish, letAlarmsUseKey } from './private/alarm-publishing';

/**
 * How urgent an alarm is, and so which topic it goes to.
 */
export enum AlarmSeverity {
  /** Users are affected now: page the on-call. Notified on ALARM and on OK. */
  CRITICAL = 'critical',
  /** Degraded or trending towards an outage: look at it within working hours. */
  WARNING = 'warning',
  /** Worth knowing, never urgent (capacity planning, anomalies under investigation). */
  INFO = 'info',
}

/**
 * Props of AlarmRouting.
 */
export interface AlarmRoutingProps {
  /**
   * Topic for CRITICAL alarms (for example one your paging tool subscribes to).
   *
   * @default - a topic of this construct, encrypted with `encryptionKey`, TLS only
   */
  readonly criticalTopic?: sns.ITopic;

  /**
   * Topic for WARNING alarms.
   *
   * @default - a topic of this construct, encrypted with `encryptionKey`, TLS only
   */
  readonly warningTopic?: sns.ITopic;

  /**
   * Topic for INFO alarms.
   *
   * @default - a topic of this construct, encrypted with `encryptionKey`, TLS only
   */
  readonly infoTopic?: sns.ITopic;

  /**
   * Customer managed key of the topics this construct creates. CloudWatch can only publish to
   * an encrypted topic whose key policy lets it, so the key must be one whose policy this app
   * owns (a `kms.Key` of the app, not an imported one).
   *
   * @default - a new key with yearly rotation, retained on delete
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Also notify when WARNING and INFO alarms return to OK (CRITICAL ones always do).
   *
   * @default false
   */
  readonly notifyOnOk?: boolean;
}

const SINGLETON_ID = 'ReadinessAlarmRouting';

/** Marks AlarmRouting constructs on the tree, so every loaded copy of this library recognizes the stack's routing. */
const IS_ROUTING = new TreeState<true>('alarm-routing');

/**
 * Severity-routed alarm notifications: one SNS topic per `AlarmSeverity` (KMS-encrypted with a
 * customer key, TLS only, publishable by this account's CloudWatch alarms only), created on first
 * use. Every alarm of this library goes through one, so no alarm is silent (rule Readiness-MON2).
 *
 * `AlarmRouting.of(scope)` is the stack's shared routing; create one yourself to bring your own
 * topics, before any construct of this library asks for it.
 */
export class AlarmRouting extends Construct {
  /**
   * The routing of the stack of `scope`: the one created with `AlarmRouting.of` or with the id
   * `ReadinessAlarmRouting` at the stack's root, created with defaults on first use.
   */
  public static of(scope: IConstruct): AlarmRouting {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    if (existing instanceof AlarmRouting || (existing && IS_ROUTING.has(existing))) return existing as AlarmRouting;
    if (existing) {
      throw new Error(`AlarmRouting.of(${scope.node.path}): the id '${SINGLETON_ID}' at the root of stack ${stack.node.path} is taken by a construct that is not an AlarmRouting. Rename that construct.`);
    }
    return new AlarmRouting(stack, SINGLETON_ID);
  }

  private readonly props: AlarmRoutingProps;
  private readonly topics = new Map<AlarmSeverity, sns.ITopic>();
  private key?: kms.IKey;

  constructor(scope: Construct, id: string, props: AlarmRoutingProps = {}) {
    super(scope, id);
    IS_ROUTING.set(this, true);
    this.props = props;
    const given: Array<[AlarmSeverity, sns.ITopic | undefined]> = [
      [AlarmSeverity.CRITICAL, props.criticalTopic],
      [AlarmSeverity.WARNING, props.warningTopic],
      [AlarmSeverity.INFO, props.infoTopic],
    ];
    for (const [severity, topic] of given) if (topic) this.topics.set(severity, topic);
  }

  /**
   * The customer managed key of the topics this construct created, if it created any.
   */
  public get encryptionKey(): kms.IKey | undefined {
    return this.key;
  }

  /**
   * The topic of a severity (created on first use).
   */
  public topic(severity: AlarmSeverity): sns.ITopic {
    let topic = this.topics.get(severity);
    if (!topic) {
      topic = this.createTopic(severity);
      this.topics.set(severity, topic);
    }
    return topic;
  }

  /**
   * Send an alarm to the topic of its severity: on ALARM always, and on OK for CRITICAL alarms
   * (or all, with `notifyOnOk`), so the on-call learns that it recovered.
   */
  public route(alarm: cloudwatch.AlarmBase, severity: AlarmSeverity): void {
    const action = new actions.SnsAction(this.topic(severity));
    alarm.addAlarmAction(action);
    if (severity === AlarmSeverity.CRITICAL || this.props.notifyOnOk) alarm.addOkAction(action);
  }

  private createTopic(severity: AlarmSeverity): sns.ITopic {
    const key = this.topicKey();
    const name = severity.charAt(0).toUpperCase() + severity.substring(1);
    const topic = new sns.Topic(this, `${name}Topic`, {
      displayName: `${name} alarms of ${Stack.of(this).stackName}`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy that enforceSSL adds replaces SNS's default one: let this account's alarms
    // publish (the key statement is added once, by topicKey()).
    letAlarmsPublish(topic);
    return topic;
  }

  private topicKey(): kms.IKey {
    if (this.key) return this.key;
    const key = this.props.encryptionKey ?? restrictGrantsToAwsServices(new kms.Key(this, 'TopicKey', {
      description: `Encrypts the alarm topics of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    // CloudWatch encrypts what it publishes to an SSE topic with the topic's key.
    if (!letAlarmsUseKey(key, Stack.of(this))) {
      throw new Error(`AlarmRouting ${this.node.path}: encryptionKey '${key.node.path}' is imported, so its key policy cannot let CloudWatch publish to the topics and every notification would be dropped. Pass a kms.Key defined in this app, or bring your own topics (criticalTopic, warningTopic, infoTopic).`);
    }
    this.key = key;
    return key;
  }
}
