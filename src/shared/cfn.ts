import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { cfnPropertiesOf } from './cdk-internals';
import { isClusterMember } from './resource-types';

/** The L1 resource behind a construct: itself, or its default child. */
export function cfnResourceOf(construct: IConstruct): CfnResource | undefined {
  if (CfnResource.isCfnResource(construct)) return construct;
  const child = construct.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/** `isClusterMember` for an L1 in the construct tree (its properties as the CDK renders them). */
export function isClusterMemberResource(cfn: CfnResource, properties: any = cfnPropertiesOf(cfn)): boolean {
  return isClusterMember(cfn.cfnResourceType, properties);
}
