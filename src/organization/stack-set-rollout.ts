import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App, BootstraplessSynthesizer, DockerImageAssetLocation, DockerImageAssetSource, FileAssetLocation, FileAssetPackaging, FileAssetSource,
  Fn, Lazy, RemovalPolicy, Stack, Token,
} from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { copyAsset } from './private/asset-copy';
import { StackSetAssetBucket } from './stack-set-asset-bucket';
import { ReadinessProfile } from '../profile';
import { Runbook, RunbookSection } from '../runbooks/runbook';
import { MANAGEMENT_ACCOUNT_METADATA } from '../shared/stack-set-markers';
import { invalidProp, invalidValue } from '../shared/validation';

/** CloudFormation's limit for an inline `TemplateBody`, in bytes. */
const TEMPLATE_BODY_LIMIT = 51_200;

/** A file asset of a StackSetStack's template, and the key its copies have in the asset buckets. */
interface StackSetFileAsset {
  readonly source: FileAssetSource;
  readonly key: string;
}

/**
 * Synthesizer of a `StackSetStack`: no bootstrap resources (member accounts are not bootstrapped).
 * File assets are read from the asset bucket of the stack instance's region
 * (`<prefix>-${AWS::Region}`, the `StackSetAssetBucket`s given to the rollout, which copies them
 * there); Docker image assets are refused.
 */
class StackSetSynthesizer extends BootstraplessSynthesizer {
  /** The template's file assets, in the order they were added. */
  public readonly fileAssets: StackSetFileAsset[] = [];
  /** The asset buckets' name prefix, set by the rollout that deploys the template. */
  public bucketNamePrefix?: string;

  constructor(private readonly where: string) {
    super();
  }

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    if (asset.executable !== undefined || asset.fileName === undefined) {
      return invalidValue(this.where, 'file asset', this.nameOf(asset.sourceHash, asset.executable?.join(' ')),
        'A StackSet template\'s assets are copied from files the app stages: build the asset from a file or directory, not from a command.');
    }
    const extension = asset.packaging === FileAssetPackaging.ZIP_DIRECTORY ? '.zip' : path.extname(asset.fileName);
    const key = `${asset.sourceHash}${extension}`;
    if (!this.fileAssets.some((a) => a.key === key)) this.fileAssets.push({ source: asset, key });
    const bucketName = Lazy.string({ produce: () => Fn.sub(`${this.prefixFor(asset)}-\${AWS::Region}`) });
    return {
      bucketName,
      objectKey: key,
      httpUrl: Lazy.string({ produce: () => Fn.sub(`https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${this.prefixFor(asset)}-\${AWS::Region}/${key}`) }),
      s3ObjectUrl: Lazy.string({ produce: () => Fn.sub(`s3://${this.prefixFor(asset)}-\${AWS::Region}/${key}`) }),
    };
  }

  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    return invalidValue(this.where, 'Docker image asset', this.nameOf(asset.sourceHash, asset.directoryName ?? asset.executable?.join(' ')),
      'A StackSet template cannot pull images from this app\'s bootstrap repository in member accounts: ' +
      'reference an image in a registry the organization can read (an ECR repository with an organization policy) instead. See docs/organization.md, "Assets".');
  }

  /** The construct path of the asset with this hash (the asset constructs record it), else what the asset says of itself. */
  public nameOf(sourceHash: string, fallback: string | undefined): string {
    const owner = this.boundStack.node.findAll().find((c) => (c as any).assetHash === sourceHash || (c as any).sourceHash === sourceHash);
    return owner ? owner.node.path : fallback ?? sourceHash;
  }

  private prefixFor(asset: FileAssetSource): string {
    if (this.bucketNamePrefix === undefined) {
      return invalidValue(this.where, 'file asset', this.nameOf(asset.sourceHash, asset.fileName),
        'A StackSet template is deployed to every account and region of the rollout, which cannot read this app\'s bootstrap bucket: ' +
        'give the StackSetRollout `assetBuckets` (a StackSetAssetBucket in each of its regions), or keep the template asset-free. See docs/organization.md, "Assets".');
    }
    return this.bucketNamePrefix;
  }
}

/**
 * Props of StackSetStack.
 */
export interface StackSetStackProps {
  /**
   * Description of the template.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The readiness profile the template's constructs read (vault lock, retention, ...).
   *
   * @default - the profile named by the `readiness:profile` context of the CDK CLI, else the library's default
   */
  readonly profile?: ReadinessProfile;
}

/**
 * A stack whose template a `StackSetRollout` deploys to every account and region of its OUs.
 *
 * It is not a stack of your app: it lives in an app of its own (so `cdk deploy` never deploys it
 * and it needs no environment), is synthesized when the rollout's template is rendered (aspects
 * and tags apply), and has no bootstrap parameters. The template is deployed inline, to accounts
 * that cannot read this app's bootstrap bucket: its file assets are read from the asset bucket of
 * the stack instance's region (`<prefix>-${AWS::Region}`), which the `StackSetRollout` given
 * `assetBuckets` fills; Docker image assets are refused with an error naming the asset.
 */
export class StackSetStack extends Stack {
  private readonly privateApp: App;
  private readonly assets: StackSetSynthesizer;
  private rendered?: string;

  constructor(id: string, props: StackSetStackProps = {}) {
    if (typeof id !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(id)) {
      invalidValue('StackSetStack', 'id', id, 'Give a stack name: letters, digits and hyphens, starting with a letter.');
    }
    // Its own app, written to a temporary directory: never the app's cdk.out (CDK_OUTDIR), never auto-synthesized.
    // The directory is created by the synthesis and removed once the template is read.
    const outdir = path.join(os.tmpdir(), `cdk-readiness-stackset-${randomUUID()}`);
    // No path metadata in the template (the CLI asks for it in every app): the template stays the same under the CLI and in tests.
    const app = new App({
      outdir, autoSynth: false, analyticsReporting: false, treeMetadata: false, postCliContext: { 'aws:cdk:enable-path-metadata': false },
    });
    super(app, id, { description: props.description, synthesizer: new StackSetSynthesizer(`StackSetStack '${id}'`) });
    this.privateApp = app;
    // The stack binds a copy of a reusable synthesizer: this one records the assets.
    this.assets = this.synthesizer as StackSetSynthesizer;
    props.profile?.applyTo(app);
  }

  /**
   * The template's file assets so far, with the key of their copies, staged where they can be read
   * (before the template is rendered).
   *
   * @internal
   */
  public _fileAssets(): Array<{ readonly key: string; readonly path: string; readonly packaging: FileAssetPackaging; readonly name: string }> {
    return this.assets.fileAssets.map(({ source, key }) => ({
      key,
      path: path.isAbsolute(source.fileName!) ? source.fileName! : path.join(this.privateApp.outdir, source.fileName!),
      packaging: source.packaging ?? FileAssetPackaging.ZIP_DIRECTORY,
      name: this.assets.nameOf(source.sourceHash, source.fileName),
    }));
  }

  /**
   * Read the template's file assets from the asset buckets `<prefix>-${AWS::Region}` (set once, by the rollout).
   *
   * @internal
   */
  public _useAssetBuckets(prefix: string, by: string): void {
    if (this.assets.bucketNamePrefix !== undefined && this.assets.bucketNamePrefix !== prefix) {
      invalidValue(`StackSetStack '${this.stackName}'`, 'asset bucket prefix', prefix,
        `The template already reads its assets from '${this.assets.bucketNamePrefix}-<region>' (another rollout): give every rollout of one template the same asset buckets (${by}).`);
    }
    this.assets.bucketNamePrefix = prefix;
  }

  /** The synthesized template, as CloudFormation reads it. */
  public get templateBody(): string {
    if (this.rendered === undefined) {
      const assembly = this.privateApp.synth();
      this.rendered = JSON.stringify(assembly.getStackArtifact(this.artifactId).template);
      fs.rmSync(assembly.directory, { recursive: true, force: true });
    }
    return this.rendered;
  }
}

/**
 * Who calls StackSets for a service-managed StackSet.
 */
export enum StackSetCaller {
  /** The management account owns the StackSet. */
  SELF = 'SELF',
  /** A delegated administrator for CloudFormation StackSets owns it (member account). */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/**
 * How StackSets moves between regions.
 */
export enum RegionConcurrency {
  /** One region after the other: a failure stops the rollout before the next region. */
  SEQUENTIAL = 'SEQUENTIAL',
  /** All regions at once. */
  PARALLEL = 'PARALLEL',
}

/**
 * How the management account, which a service-managed StackSet never deploys to, gets the template.
 */
export enum ManagementAccountCoverage {
  /** It does not: rule Readiness-DEP10 warns, naming the account. */
  UNCOVERED = 'uncovered',
  /** The same resources are deployed there as a stack of their own (say which in your runbook). */
  DEPLOYED_SEPARATELY = 'deployed-separately',
  /** The management account runs no workloads, so it needs none of them. */
  NOT_NEEDED = 'not-needed',
}

/**
 * Props of StackSetRollout.
 */
export interface StackSetRolloutProps {
  /** The template deployed to every account and region. */
  readonly template: StackSetStack;

  /** Organizational units (`ou-...`) or the root (`r-...`) whose accounts get the template. */
  readonly organizationalUnitIds: string[];

  /** Regions each account gets the template in. */
  readonly regions: string[];

  /**
   * Name of the StackSet.
   *
   * @default - the template stack's name
   */
  readonly stackSetName?: string;

  /**
   * Who owns the StackSet: the management account, or a delegated administrator of StackSets
   * (then every call is made `DELEGATED_ADMIN`).
   *
   * @default StackSetCaller.SELF
   */
  readonly callAs?: StackSetCaller;

  /**
   * Deploy to accounts that join the OUs later (and remove from accounts that leave).
   *
   * @default true
   */
  readonly autoDeployment?: boolean;

  /**
   * Keep the stacks (and what they hold: vaults, keys) of an account that leaves the OUs.
   *
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * Percentage of accounts per region deployed at once (at least one account).
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;

  /**
   * Percentage of accounts per region that may fail before StackSets stops the operation in that region.
   *
   * @default 10
   */
  readonly failureTolerancePercentage?: number;

  /**
   * How StackSets moves between regions.
   *
   * @default RegionConcurrency.SEQUENTIAL
   */
  readonly regionConcurrency?: RegionConcurrency;

  /**
   * How the management account gets what the StackSet deploys.
   *
   * @default ManagementAccountCoverage.UNCOVERED
   */
  readonly managementAccount?: ManagementAccountCoverage;

  /**
   * The asset buckets of the template's file assets (Lambda code), one `StackSetAssetBucket` in
   * each region of the rollout, in this stack's account, all with the same name prefix. The
   * rollout copies each asset into every bucket before the StackSet is created or updated, and
   * the template reads it from `<prefix>-${AWS::Region}`. Deploy the buckets' stacks first (this
   * stack depends on them).
   *
   * @default - none: a template with file assets is refused
   */
  readonly assetBuckets?: StackSetAssetBucket[];
}

const CONSTRUCT = 'StackSetRollout';
const OU = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * A service-managed StackSet (`AWS::CloudFormation::StackSet`) that deploys a `StackSetStack` to
 * every account of the given OUs in the given regions, with automatic deployment to accounts that
 * join later, explicit operation preferences and `CallAs` for a delegated administrator.
 * CloudFormation does the rollout; nothing of ours runs.
 */
export class StackSetRollout extends Construct {
  /** The StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;
  /** The keys of the template's assets this rollout copies. */
  private staged: string[] = [];

  constructor(scope: Construct, id: string, props: StackSetRolloutProps) {
    super(scope, id);
    if (!(props.template instanceof StackSetStack)) {
      invalidProp(this, CONSTRUCT, 'template', String(props.template), 'Pass a StackSetStack: a stack of its own app, without bootstrap parameters.');
    }
    const ous = this.list('organizationalUnitIds', props.organizationalUnitIds, OU, 'Give organizational unit ids (ou-xxxx-yyyyyyyy) or the root id (r-xxxx).');
    const regions = this.list('regions', props.regions, REGION, 'Give region names such as eu-west-1.');
    const maxConcurrent = this.percentage('maxConcurrentPercentage', props.maxConcurrentPercentage ?? 25, 1);
    const tolerance = this.percentage('failureTolerancePercentage', props.failureTolerancePercentage ?? 10, 0);
    const template = props.template;
    const copies = this.copyAssets(template, regions, props.assetBuckets);

    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? template.stackName,
      description: template.templateOptions.description,
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs ?? StackSetCaller.SELF,
      autoDeployment: { enabled: props.autoDeployment ?? true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? true },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: props.regionConcurrency ?? RegionConcurrency.SEQUENTIAL,
        maxConcurrentPercentage: maxConcurrent,
        failureTolerancePercentage: tolerance,
        regionOrder: regions,
      },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: ous }, regions }],
      templateBody: Lazy.string({ produce: () => this.renderTemplate(template) }),
    });
    // Deleting a StackSet deletes its stack instances in every member account: removing the
    // rollout (or replacing the StackSet by renaming it) must not take the members' resources along.
    this.stackSet.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Every stack instance reads its assets from its region's bucket: copied before the StackSet changes.
    copies.forEach((c) => this.stackSet.node.addDependency(c));
    this.stackSet.addMetadata(MANAGEMENT_ACCOUNT_METADATA, props.managementAccount ?? ManagementAccountCoverage.UNCOVERED);
    this.addRunbook(this.stackSet.stackSetName, props.callAs ?? StackSetCaller.SELF, ous, regions);
  }

  /** How to add an account, an OU or a region, and how to roll back an operation: the generated runbook's operations section. */
  private addRunbook(name: string, callAs: StackSetCaller, ous: string[], regions: string[]): void {
    const call = `--stack-set-name ${name} --call-as ${callAs}`;
    const section = RunbookSection.OPERATIONS;
    Runbook.addEntry(this, {
      section,
      title: `StackSet ${name}: add an account`,
      summary: `Every account of ${ous.join(', ')} gets the template in ${regions.join(', ')}; automatic deployment covers accounts that join later.`,
      steps: [
        'Create the account in, or move it to, one of the OUs (AWS Organizations): StackSets deploys the stack instances by itself within minutes.',
        'Watch the operation until it is SUCCEEDED; a FAILED instance shows its reason in the stack instance summary.',
      ],
      commands: [
        `aws cloudformation list-stack-set-operations ${call}`,
        `aws cloudformation list-stack-instances ${call} --filters Name=DETAILED_STATUS,Values=FAILED`,
      ],
    });
    Runbook.addEntry(this, {
      section,
      title: `StackSet ${name}: add an OU or a region`,
      steps: [
        `Add the OU to organizationalUnitIds, or the region to regions, of the StackSetRollout at ${this.node.path}, and deploy this stack: CloudFormation creates the new stack instances with the operation preferences of the rollout.`,
        'For a new region, check first that the region is enabled in every account of the OUs (opt-in regions are not by default).',
      ],
    });
    Runbook.addEntry(this, {
      section,
      title: `StackSet ${name}: roll back an operation`,
      summary: 'StackSets has no rollback of its own: a failed stack instance is rolled back by CloudFormation in its account; a bad change that succeeded is undone by deploying the previous template.',
      steps: [
        'Stop an operation still running (the instances already updated stay updated).',
        'Revert the change of the template in source control and deploy this stack again: the StackSet updates every instance back, with the same concurrency and failure tolerance.',
        'A stack instance left in UPDATE_ROLLBACK_FAILED is continued from its account (continue-update-rollback), then the StackSet operation is retried.',
      ],
      commands: [
        `aws cloudformation stop-stack-set-operation ${call} --operation-id <operation id>`,
        `aws cloudformation describe-stack-set-operation ${call} --operation-id <operation id>`,
      ],
    });
  }

  /**
   * Copy the template's file assets into the asset bucket of every region: each asset is staged
   * in this app (published to this stack's bootstrap bucket by the CDK CLI), then copied by S3
   * CopyObject into `<prefix>-<region>`. Returns the copies.
   */
  private copyAssets(template: StackSetStack, regions: string[], buckets: StackSetAssetBucket[] | undefined): Construct[] {
    const assets = template._fileAssets();
    this.staged = assets.map((a) => a.key);
    if (buckets === undefined || buckets.length === 0) {
      if (assets.length > 0) this.refuseAssets(assets.map((a) => a.name));
      return [];
    }
    this.assetBucketsByRegion(buckets, regions);
    const prefix = buckets[0].bucketNamePrefix;
    template._useAssetBuckets(prefix, this.node.path);
    const stack = Stack.of(this);
    for (const b of buckets) {
      if (Stack.of(b) !== stack) stack.addStackDependency(Stack.of(b), 'the StackSet\'s templates read their assets from this bucket');
    }
    const copies: Construct[] = [];
    assets.forEach((a, i) => {
      const staged = new s3assets.Asset(this, `Asset${i}`, { path: a.path });
      for (const region of regions) {
        copies.push(copyAsset(this, `Asset${i}Copy-${region}`, {
          sourceBucket: staged.s3BucketName,
          sourceKey: staged.s3ObjectKey,
          // By name: the bucket is in another stack (of another region, mostly), deployed before this one.
          bucketName: `${prefix}-${region}`,
          region,
          key: a.key,
        }));
      }
    });
    return copies;
  }

  /** The asset bucket of each region, checked: one per region of the rollout, one prefix, this stack's account. */
  private assetBucketsByRegion(buckets: StackSetAssetBucket[], regions: string[]): Map<string, StackSetAssetBucket> {
    const byRegion = new Map<string, StackSetAssetBucket>();
    const account = Stack.of(this).account;
    for (const b of buckets) {
      if (!(b instanceof StackSetAssetBucket)) invalidProp(this, CONSTRUCT, 'assetBuckets', String(b), 'Pass StackSetAssetBucket constructs, one in a stack of each region of the rollout.');
      if (b.bucketNamePrefix !== buckets[0].bucketNamePrefix) {
        invalidProp(this, CONSTRUCT, 'assetBuckets', buckets.map((x) => x.bucketNamePrefix),
          'Give every asset bucket the same bucketNamePrefix: the template names one bucket, `<prefix>-${AWS::Region}`.');
      }
      if (byRegion.has(b.region)) invalidProp(this, CONSTRUCT, 'assetBuckets', b.region, 'Give one asset bucket per region.');
      const bucketAccount = Stack.of(b).account;
      if (!Token.isUnresolved(account) && !Token.isUnresolved(bucketAccount) && bucketAccount !== account) {
        invalidProp(this, CONSTRUCT, 'assetBuckets', `${b.node.path} (account ${bucketAccount})`,
          `Create the asset buckets in the rollout's account (${account}): the rollout copies the assets into them.`);
      }
      byRegion.set(b.region, b);
    }
    const missing = regions.filter((r) => !byRegion.has(r));
    if (missing.length > 0) {
      invalidProp(this, CONSTRUCT, 'assetBuckets', [...byRegion.keys()],
        `Give an asset bucket in every region of the rollout; missing: ${missing.join(', ')} (CloudFormation reads Lambda code only from a bucket in the stack's region).`);
    }
    return byRegion;
  }

  private refuseAssets(names: string[]): never {
    return invalidProp(this, CONSTRUCT, 'assetBuckets', undefined,
      `The template has file assets (${names.join(', ')}), which the accounts and regions of the rollout cannot read from this app's bootstrap bucket: ` +
      'give `assetBuckets` (a StackSetAssetBucket in each region of the rollout), or keep the template asset-free (`lambda.Code.fromInline`). See docs/organization.md, "Assets".');
  }

  private renderTemplate(template: StackSetStack): string {
    const late = template._fileAssets().filter((a) => !this.staged.includes(a.key));
    if (late.length > 0) {
      invalidProp(this, CONSTRUCT, 'template', late.map((a) => a.name),
        'These assets were added to the template after the rollout was created, which copies the assets it finds then: add every construct to the template first.');
    }
    const body = template.templateBody;
    const size = Buffer.byteLength(body);
    if (size > TEMPLATE_BODY_LIMIT) {
      invalidProp(this, CONSTRUCT, 'template size (bytes)', size,
        `CloudFormation takes at most ${TEMPLATE_BODY_LIMIT} bytes inline: split '${template.stackName}' into two StackSetStacks, each with its own rollout.`);
    }
    return body;
  }

  private list(prop: string, value: string[], pattern: RegExp, fix: string): string[] {
    if (!Array.isArray(value) || value.length === 0) invalidProp(this, CONSTRUCT, prop, value, `${fix} List at least one.`);
    for (const v of value) {
      if (!Token.isUnresolved(v) && !pattern.test(v)) invalidProp(this, CONSTRUCT, prop, v, fix);
    }
    if (new Set(value).size !== value.length) invalidProp(this, CONSTRUCT, prop, value, 'List each value once.');
    return value;
  }

  private percentage(prop: string, value: number, min: number): number {
    if (!Number.isInteger(value) || value < min || value > 100) {
      invalidProp(this, CONSTRUCT, prop, value, `Give a whole percentage from ${min} to 100.`);
    }
    return value;
  }
}
