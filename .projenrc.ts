import { awscdk, DependencyType, javascript, TaskShell } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-readiness',
  description:
    'Production-readiness as code for AWS CDK: opinionated L3 constructs plus ReadinessChecks, a cdk-nag v3 rule pack that fails `cdk synth` on readiness gaps and writes an audit-style scorecard.',
  author: 'cdk-readiness maintainers',
  authorAddress: 'maintainers@cdk-readiness.dev',
  repositoryUrl: 'https://github.com/cdk-readiness/cdk-readiness.git',
  keywords: ['cdk', 'aws-cdk', 'cdk-nag', 'production-readiness', 'backup', 'monitoring', 'compliance'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,

  // cdk-nag v3 is a validation plugin that works properly from aws-cdk-lib 2.271 on.
  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk-nag@^3.0.2'],
  // The `cdk-readiness` command's AWS SDK clients (the backup verifier's checks and restore drills:
  // Backup; RDS for RDS, Aurora, DocumentDB and Neptune; DynamoDB; EFS; EC2 for EBS) are bundled
  // with esbuild into one file, assets/cli/main/cdk-readiness.js (see the CLI bundle below), like the
  // Lambda handlers: the package ships that file instead of the clients' packages (bundledDeps).
  // `*.lambda.ts` files become esbuild-bundled assets with a generated Function class; pinned
  // runtime so templates do not change with the region's latest Node.js.
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X },
  bin: { 'cdk-readiness': 'assets/cli/main/cdk-readiness.js' },
  // No inline source maps (with the TypeScript sources) in lib/*.js: two thirds of lib's size, and
  // the sources are not shipped. Stack traces point into the readable ES2022 output instead.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  devDeps: [
    'cdk-nag@3.0.2',
    'aws-cdk@^2.1148.0',
    'tsconfig-paths@^4.2.0',
    'typescript@~5.9.3',
    '@types/node@^20',
    '@types/aws-lambda@^8.10.164',
    'esbuild@^0.28.2',
    // The AWS SDK is mocked at the client boundary, never by a hand-made fake.
    'aws-sdk-client-mock@^4.1.0',
    // The CLI's clients, bundled into assets/cli/main/cdk-readiness.js at build time.
    '@aws-sdk/client-backup@^3.1092.0',
    '@aws-sdk/client-rds@^3.1092.0',
    '@aws-sdk/client-dynamodb@^3.1092.0',
    '@aws-sdk/client-efs@^3.1092.0',
    '@aws-sdk/client-ec2@^3.1092.0',
    'aws-sdk-client-mock-jest@^4.1.0',
    // test/permissions/: a real offline IAM policy evaluator (identity and resource policies,
    // permission boundaries, cross-account requests). AGPL-3.0-or-later: test-only, never bundled
    // into assets/ or shipped (the package holds lib/ and assets/ only).
    '@cloud-copilot/iam-simulate@^0.1.173',
    '@aws-sdk/client-inspector2@^3.1085.0',
    // The organization baseline's delegated-administrator handler (GuardDuty and Inspector).
    '@aws-sdk/client-guardduty@^3.1085.0',
    // Report formats are checked by real consumers: the SARIF 2.1.0 schema (with ajv) and
    // Microsoft's SARIF validator, and an SVG renderer for the score chart.
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    '@microsoft/sarif-multitool@^5.7.0',
    '@resvg/resvg-js@^2.6.2',
    // The Inspector enablement handler keeps its record of what it enabled in Parameter Store.
    '@aws-sdk/client-ssm@^3.1085.0',
    // The DR restore automation is a YAML SSM document: tests parse it as SSM does.
    'yaml@^2.9.1',
    // AWS Control Tower's proactive controls (cfn-guard rules) as a CDK validation plugin: the
    // Control Tower gate (scripts/gates.sh) runs them over the flagship and the integration apps.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
  ],

  // No release pipeline or bots in this repository: CI is `.ci/run`.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  gitignore: ['cdk.out', '.bench-out', '/examples/**/cdk.out', '/examples/**/cdk.context.json'],
  // API.md is for the repository (Construct Hub renders the API from .jsii).
  npmIgnoreOptions: { ignorePatterns: ['/examples', '/bench', '/.ci', '/scripts', '/API.md', '/cdk.context.json', '/tsconfig.tests.json'] },

  jestOptions: {
    // Never rewrite snapshots while testing: a changed snapshot must fail. `npx projen test:update` rewrites them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Example tests run the real CDK CLI; give them time and keep the suite on two cores.
      testTimeout: 180_000,
      maxWorkers: 2,
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      // Tests can import the package by name, as users do (the README recipe test does).
      moduleNameMapper: { '^cdk-readiness$': '<rootDir>/src/index.ts' },
      // Each example carries a small test of its own (the README recipe applied to it).
      testMatch: ['<rootDir>/@(src|test)/**/*.test.ts', '<rootDir>/examples/**/*.test.ts'],
      // test/consumer-app/ is the consumer smoke test's app (scripts/consumer-smoke.sh), not a jest suite.
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/cdk.out/', '/.bench-out/', '/test/consumer-app/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
});

// integ-tests-alpha's newest release here is 2.245.0-alpha.0 (projen's integ runner option would ask for @latest).
project.deps.addDependency('@aws-cdk/integ-tests-alpha@2.245.0-alpha.0', DependencyType.DEVENV);

// `unrs-resolver` pulls platform bindings that `npm ci` cannot resolve without this pin.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// Run a TypeScript entry point from the source tree, with `cdk-readiness` mapped to ./src (examples/tsconfig.json).
const tsRun = 'ts-node --transpile-only -r tsconfig-paths/register';

// Tests (the README recipe) and examples import the package by name, mapped to ./src.
project.eslint?.addRules({ 'import/no-unresolved': ['error', { ignore: ['^cdk-readiness$'] }] });

// No import cycle between source files (test/architecture.test.ts also checks the allowed arrows between layers).
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });

// Lambda handlers are bundled into assets/ (gitignored). `npm ci` and `npm install` build them (npm
// runs `prepare` after installing), so the demo, the tests and `npx cdk synth` in every example
// work straight after install (CI proves it: it runs the demo first, on a fresh clone); the tests
// bundle again so an edited handler is never stale.
const bundle = project.tasks.tryFind('bundle')!;
project.package.setScript('prepare', 'projen bundle');
project.testTask.prependSpawn(bundle);

// Jest transpiles the tests without type-checking them: a wrong type in a test (a mock response
// missing a field, a deprecated import) would go unnoticed. tsconfig.tests.json maps `cdk-readiness`
// to src/ for the examples the tests import.
const typecheckTests = project.addTask('typecheck:tests', {
  description: 'Type-check the tests and the examples they import (jest does not)',
  exec: 'tsc --noEmit -p tsconfig.tests.json',
});
project.testTask.spawn(typecheckTests);

// The `cdk-readiness` command as one file with its AWS SDK clients (ES module builds, so esbuild
// keeps only the commands it uses); aws-cdk-lib, constructs and cdk-nag are the consumer's peers.
// lib/cli/*.js is still compiled by jsii, but the package's bin is this bundle.
project.bundler.addBundle('src/cli/main.ts', {
  platform: 'node',
  target: 'node20',
  outfile: 'cdk-readiness.js',
  externals: ['aws-cdk-lib', 'constructs', 'cdk-nag'],
  mainFields: ['module', 'main'],
  minify: true,
  executable: true,
  tsconfigPath: 'test/tsconfig.json',
});

// The verifier's SDK code runs in the CLI bundle and in the Lambda bundle (whose runtime provides
// the SDK), never from the library's entry point: the SDK clients are devDependencies there. The
// consumer smoke test proves the constructs load without them (the scratch app has no SDK).
project.eslint?.allowDevDeps('src/backup/verifier/private/**');

project.addTask('demo', {
  description:
    'Synthesize the flagship example with the real CDK CLI in PROD and print its readiness scorecard',
  exec: 'bash scripts/demo.sh',
});

// The package as consumers install it: jsii compile, Lambda bundles and jsii-pacmak's npm tarball,
// installed into a scratch CDK app outside the repository (test/consumer-app/) and synthesized with
// the real CLI under PROD and DEV. CI runs it after the jsii compile step (.ci/run).
project.addTask('consumer:smoke', {
  description:
    'Pack the library as published, install the tarball into a scratch CDK app outside the repository and run cdk synth (PROD, DEV) and the cdk-readiness CLI there',
  exec: 'bash scripts/consumer-smoke.sh',
  receiveArgs: true,
});

// Integration test apps (test/integ.*.ts, integ-runner's layout) are synthesized with the real
// CDK CLI by test/integ-snapshots.test.ts and compared with their committed snapshots. This task
// rewrites the snapshots after an intended template change.
project.addTask('integ:snapshot', {
  description: 'Re-synthesize test/integ.*.ts with the CDK CLI and rewrite their committed snapshots (test/integ.*.ts.snapshot/)',
  env: { INTEG_UPDATE_SNAPSHOTS: '1' },
  exec: 'jest --coverage=false test/integ-snapshots.test.ts',
});

const benchVerifier = project.addTask('bench:verifier', {
  description: 'Backup verifier: API calls and time to verify 10,000 recovery points, and the size of its Lambda bundle',
  exec: `${tsRun} --project bench/tsconfig.json bench/verifier.ts`,
});

project.addTask('bench', {
  description:
    'The backup verifier benchmark, then synth time and peak memory of plain synth vs ReadinessChecks vs cdk-nag AwsSolutionsChecks on generated apps of growing size',
  shell: TaskShell.bash(),
  steps: [{ spawn: benchVerifier.name }, { exec: `${tsRun} --project bench/tsconfig.json bench/run.ts` }],
});

project.synth();
