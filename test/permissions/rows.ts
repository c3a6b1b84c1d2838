/** Rows every family asks of the same kind of resource (topic, key, vault, bucket, queue, role trust). */
import { MatrixRow } from './matrix';
import { ACCOUNT, OTHER_ACCOUNT, StackModel } from './policy-model';

/** An administrator of `account` (whose IAM policy allows everything). */
export const adminOf = (account: string) => ({ principal: `arn:aws:iam::${account}:role/Admin`, account, identity: 'allow-all' as const });
export const admin = adminOf(ACCOUNT);
export const outsider = { principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`, account: OTHER_ACCOUNT, identity: 'allow-all' as const };
export const service = (name: string) => ({ principal: name, account: ACCOUNT, identity: 'none' as const });
/** The request context of CloudWatch acting for an alarm of this account in `region`. */
export const alarmContext = (region: string) => ({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:any` });
const insecure = { 'aws:SecureTransport': 'false' };

/** An SNS topic: its publisher may publish, another account and requests without TLS may not. */
export function topicRows(s: StackModel, topic: string, publisher: string, context: Record<string, string> = {}): MatrixRow[] {
  const resource = s.target(topic);
  const rows: MatrixRow[] = [
    { stack: s.name, who: service(publisher), action: 'sns:Publish', resource, context, expect: 'allowed', because: 'its publisher' },
    { stack: s.name, who: outsider, action: 'sns:Publish', resource, expect: 'denied', because: 'another account, even an administrator there' },
    { stack: s.name, who: adminOf(s.account), action: 'sns:Publish', resource, context: insecure, expect: 'denied', because: 'without TLS, even an administrator of the account' },
  ];
  if (Object.keys(context).length > 0) {
    const foreign = Object.fromEntries(Object.entries(context).map(([k, v]) => [k, v.replace(s.account, OTHER_ACCOUNT)]));
    rows.push({ stack: s.name, who: service(publisher), action: 'sns:Publish', resource, context: foreign, expect: 'denied', because: 'the service on behalf of another account (confused deputy)' });
  }
  return rows;
}

/** A KMS key: no other account decrypts, no one creates grants for non-AWS resources. */
export function keyRows(s: StackModel, key: string, notDecrypting: Array<{ role: string }> = []): MatrixRow[] {
  const resource = s.target(key);
  return [
    { stack: s.name, who: outsider, action: 'kms:Decrypt', resource, expect: 'denied', because: 'another account: the key policy trusts only this account' },
    { stack: s.name, who: adminOf(s.account), action: 'kms:CreateGrant', resource, context: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' }, expect: 'denied', because: 'grants only for AWS resources (no standing grant to a person)' },
    { stack: s.name, who: adminOf(s.account), action: 'kms:Decrypt', resource, expect: 'allowed', because: 'the key policy delegates to this account\'s IAM: an administrator whose IAM policy allows it may (CDK\'s default, stated here)' },
    ...notDecrypting.map((who): MatrixRow => ({ stack: s.name, who, action: 'kms:Decrypt', resource, expect: 'denied', because: 'our role has no reason to decrypt it' })),
  ];
}

/** A vault whose access policy keeps recovery points and the policy itself from everyone. */
export function vaultRows(s: StackModel, vault: string): MatrixRow[] {
  const resource = s.target(vault);
  const point = `arn:aws:backup:${s.region}:${s.account}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
  return [
    { stack: s.name, who: adminOf(s.account), action: 'backup:DeleteRecoveryPoint', resource: point, expect: 'denied', because: 'its recovery points outlive even an administrator' },
    { stack: s.name, who: adminOf(s.account), action: 'backup:UpdateRecoveryPointLifecycle', resource: point, expect: 'denied', because: 'nor can their retention be shortened' },
    { stack: s.name, who: adminOf(s.account), action: 'backup:PutBackupVaultAccessPolicy', resource, expect: 'denied', because: 'the access policy cannot be replaced' },
    { stack: s.name, who: adminOf(s.account), action: 'backup:DeleteBackupVaultAccessPolicy', resource, expect: 'denied', because: 'nor deleted' },
    { stack: s.name, who: outsider, action: 'backup:StartRestoreJob', resource: point, expect: 'denied', because: 'another account cannot restore from it' },
  ];
}

/** A bucket: TLS only, nothing for another account. */
export function bucketRows(s: StackModel, bucket: string): MatrixRow[] {
  const arn = s.target(bucket);
  return [
    { stack: s.name, who: adminOf(s.account), action: 's3:GetObject', resource: `${arn}/any.tfstate`, context: insecure, expect: 'denied', because: 'without TLS, even an administrator' },
    { stack: s.name, who: outsider, action: 's3:GetObject', resource: `${arn}/any`, expect: 'denied', because: 'another account' },
    { stack: s.name, who: outsider, action: 's3:DeleteBucket', resource: arn, expect: 'denied', because: 'another account' },
  ];
}

/** A queue: TLS only, nothing for another account. */
export function queueRows(s: StackModel, queue: string): MatrixRow[] {
  const resource = s.target(queue);
  return [
    { stack: s.name, who: adminOf(s.account), action: 'sqs:SendMessage', resource, context: insecure, expect: 'denied', because: 'without TLS' },
    { stack: s.name, who: outsider, action: 'sqs:ReceiveMessage', resource, expect: 'denied', because: 'another account' },
  ];
}

/** The EventBridge rules of the stack whose targets dead-letter into `queue`. */
export function rulesDeadLetteringTo(s: StackModel, queue: string): string[] {
  return Object.keys(s.resources).filter((id) => s.resources[id].Type === 'AWS::Events::Rule'
    && (s.resources[id].Properties?.Targets ?? []).some((t: any) => t.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0] === queue));
}

/**
 * The dead-letter queue of our constructs' EventBridge targets: EventBridge may send to it only for
 * the rules that dead-letter into it (aws:SourceArn), for nothing else; TLS only; nothing for
 * another account.
 */
export function deadLetterQueueRows(s: StackModel, queue: string): MatrixRow[] {
  const resource = s.target(queue);
  const rules = rulesDeadLetteringTo(s, queue);
  if (rules.length === 0) throw new Error(`${s.name}: no rule dead-letters into ${queue}`);
  const events = service('events.amazonaws.com');
  const from = (rule: string) => ({ 'aws:SourceArn': s.arnOf(rule), 'aws:SourceAccount': s.account });
  const row = (who: MatrixRow['who'], action: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
    ({ stack: s.name, who, action, resource, context, expect, because });
  return [
    ...rules.map((rule) => row(events, 'sqs:SendMessage', 'allowed', `EventBridge for its rule ${rule}`, from(rule))),
    row(events, 'sqs:SendMessage', 'denied', 'EventBridge for another rule of the account', { 'aws:SourceArn': `arn:aws:events:${s.region}:${s.account}:rule/someone-elses-rule`, 'aws:SourceAccount': s.account }),
    row(events, 'sqs:SendMessage', 'denied', 'EventBridge for a rule of the same name in another account (confused deputy)',
      { 'aws:SourceArn': s.arnOf(rules[0]).split(s.account).join(OTHER_ACCOUNT), 'aws:SourceAccount': OTHER_ACCOUNT }),
    row(events, 'sqs:SendMessage', 'denied', 'EventBridge with no rule named'),
    row(events, 'sqs:ReceiveMessage', 'denied', 'EventBridge reads it', from(rules[0])),
    row(events, 'sqs:PurgeQueue', 'denied', 'EventBridge empties it', from(rules[0])),
    row(service('sns.amazonaws.com'), 'sqs:SendMessage', 'denied', 'another service', { 'aws:SourceArn': `arn:aws:sns:${s.region}:${s.account}:any`, 'aws:SourceAccount': s.account }),
    row(adminOf(s.account), 'sqs:SendMessage', 'denied', 'without TLS, even an administrator', insecure),
    row(adminOf(s.account), 'sqs:ReceiveMessage', 'denied', 'read without TLS, even an administrator', insecure),
    row(outsider, 'sqs:SendMessage', 'denied', 'another account'),
    row(outsider, 'sqs:ReceiveMessage', 'denied', 'another account reads it'),
    row(outsider, 'sqs:PurgeQueue', 'denied', 'another account empties it'),
  ];
}

/** A role only its service may assume. */
export function trustRows(s: StackModel, role: string, trusted: string, context?: Record<string, string>): MatrixRow[] {
  const resource = s.target(role);
  return [
    { stack: s.name, who: service(trusted), action: 'sts:AssumeRole', resource, context, expect: 'allowed', because: `assumed by ${trusted}` },
    ...(context ? [{
      stack: s.name,
      who: service(trusted),
      action: 'sts:AssumeRole',
      resource,
      expect: 'denied' as const,
      context: Object.fromEntries(Object.entries(context).map(([k, v]) => [k, v.split(s.account).join(OTHER_ACCOUNT)])),
      because: 'by the service on behalf of another account (confused deputy)',
    }] : []),
    { stack: s.name, who: service('ec2.amazonaws.com'), action: 'sts:AssumeRole', resource, expect: 'denied', because: 'by no other service' },
    { stack: s.name, who: outsider, action: 'sts:AssumeRole', resource, expect: 'denied', because: 'by no other account' },
  ];
}
