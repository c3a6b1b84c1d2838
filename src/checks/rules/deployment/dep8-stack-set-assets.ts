import { inlineTemplate, STACK_SET } from './stack-sets';
import { RuleImpact } from '../../../profile';
import { failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** A reference to the CDK bootstrap bucket or repository of one account (`cdk-<qualifier>-assets-...`). */
const BOOTSTRAP_STORE = /cdk-[a-z0-9]+-(assets|container-assets)-/;

/**
 * The asset a resource of a StackSet template needs, unless it comes from a bucket per region
 * shared with the organization (its name varies by region, not by account).
 */
function unreachableAsset(resource: any): string | undefined {
  const assetPath = resource?.Metadata?.['aws:asset:path'];
  const props = JSON.stringify(resource?.Properties ?? {});
  if (assetPath === undefined && !BOOTSTRAP_STORE.test(props)) return undefined;
  const perRegion = props.includes('${AWS::Region}') && !props.includes('${AWS::AccountId}') && !BOOTSTRAP_STORE.test(props);
  if (perRegion) return undefined;
  return typeof assetPath === 'string' ? assetPath : 'the CDK bootstrap bucket or repository';
}

/**
 * DEP8: a StackSet's template has no file or Docker asset unless it is served from a bucket per
 * region shared with the organization.
 */
export const DEP8: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP8',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'A StackSet template has no assets, unless they come from an asset bucket per region shared with the organization',
  auditLine: 'Task 81 (Deployment & Rollback): deployments that can fail part-way; task 83 (Infrastructure as Code): every environment built from the same template',
  explanation:
    'CDK puts Lambda code and other file assets in the bootstrap bucket of the account and region that synthesized them, and Docker images in its repository. A StackSet deploys the template to other accounts and regions, which cannot read that bucket: every stack instance fails on the first asset, in every account. The template must be asset-free, or point at a bucket in each region that the organization may read.',
  fix: 'Plain CDK: keep the StackSet template asset-free (`lambda.Code.fromInline`, no Docker images), or copy each asset to a bucket per region shared with the organization and reference it by `${AWS::Region}` in `CfnStackSet`\'s template. With this library: build the template as a `StackSetStack` and deploy it with `StackSetRollout`, giving it `assetBuckets` (a `StackSetAssetBucket` in each region, readable by the organization): the rollout copies the assets there and the template reads them from the bucket of its region; without asset buckets a template with assets is refused at synth, naming them.',
  resourceTypes: [STACK_SET],
  evaluate(resource) {
    const template = inlineTemplate(resource);
    if (!template) return NOT_APPLICABLE;
    return failAll(Object.entries<any>(template.Resources ?? {}).flatMap(([logicalId, r]) => {
      const asset = unreachableAsset(r);
      return asset === undefined ? [] : [{
        message: `resource ${logicalId} of the StackSet's template needs the asset ${asset}, which the accounts and regions the StackSet deploys to cannot read`,
        location: 'Properties/TemplateBody',
      }];
    }));
  },
};
