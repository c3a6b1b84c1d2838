// The tags that mark Terraform/OpenTofu remote state: written by TerraformStateMarker (and by
// hand), read by the analysis of the synthesized app (rules STA1-STA3, the state runbook).

/** Tag key naming the purpose of a bucket. */
export const PURPOSE_TAG_KEY = 'cdk-readiness:purpose';
/** Purpose tag value of a bucket that holds Terraform/OpenTofu state. */
export const STATE_BUCKET = 'terraform-state';
/** Purpose tag value of the cross-region replica of a state bucket. */
export const REPLICA_BUCKET = 'terraform-state-replica';
/** Purpose tag value of a DynamoDB lock table. */
export const LOCK_TABLE = 'terraform-state-lock';
/** Tag key declaring how the state in a bucket is locked. */
export const LOCKING_TAG_KEY = 'cdk-readiness:state-locking';
/** Tag key naming the DynamoDB lock table of a state bucket. */
export const LOCK_TABLE_TAG_KEY = 'cdk-readiness:state-lock-table';
