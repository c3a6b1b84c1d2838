// The CDK's built-in CloudFormation template validation (on by default since 2.27x) takes
// seconds per synth and has nothing to do with these tests; the real-CLI example tests keep it
// (they spawn the CLI with their own environment, see test/util/cdk-cli.ts).
process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';
