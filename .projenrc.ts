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
  // Runtime code of the CLIs (backup verifier) that is not a jsii module: shipped inside the package.
  // The verifier's restore drills clean up what they restored with the service clients (RDS, Aurora,
  // DocumentDB and Neptune through RDS; DynamoDB; EFS; EBS through EC2).
  bundledDeps: [
    '@aws-sdk/client-backup@^3.1092.0',
    '@aws-sdk/client-rds@^3.1092.0',
    '@aws-sdk/client-dynamodb@^3.1092.0',
    '@aws-sdk/client-efs@^3.1092.0',
    '@aws-sdk/client-ec2@^3.1092.0',
  ],
  // `*.lambda.ts` files become esbuild-bundled assets with a generated Function class; pinned
  // runtime so templates do not change with the region's latest Node.js.
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X },
  bin: { 'cdk-readiness': 'lib/cli/main.js' },
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
    'aws-sdk-client-mock-jest@^4.1.0',
    '@aws-sdk/client-inspector2@^3.1085.0',
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
  ],

  // No release pipeline or bots in this repository: CI is `.ci/run`.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  gitignore: ['cdk.out', '.bench-out', '/examples/**/cdk.out', '/examples/**/cdk.context.json'],
  npmIgnoreOptions: { ignorePatterns: ['/examples', '/bench', '/.ci', '/scripts'] },

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
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/cdk.out/', '/.bench-out/'],
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

// Lambda handlers are bundled into assets/ (gitignored): tests and example synths need the bundles,
// so `npm test` on a fresh clone bundles first.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);

project.addTask('demo', {
  description:
    'Synthesize the flagship example with the real CDK CLI in PROD and print its readiness scorecard',
  exec: 'bash scripts/demo.sh',
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
