// The contract between StackSetRollout and the StackSet rules: how a StackSet says whether the
// management account (which a service-managed StackSet never deploys to) gets its template by
// other means. The rules read templates only, so the answer is resource metadata.

/** Metadata key on an `AWS::CloudFormation::StackSet` naming how the management account is covered. */
export const MANAGEMENT_ACCOUNT_METADATA = 'cdk-readiness:management-account';

/** Values of the metadata that count as covered. */
export const MANAGEMENT_ACCOUNT_COVERED = ['deployed-separately', 'not-needed'] as const;
