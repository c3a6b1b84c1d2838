// A Neptune graph database with one instance, written with the L1 constructs (the Neptune L2 is
// still an alpha module), with the values the Neptune docs' quick start uses.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as neptune from 'aws-cdk-lib/aws-neptune';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class GraphStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const sg = new ec2.SecurityGroup(this, 'GraphSg', { vpc });
    const subnets = new neptune.CfnDBSubnetGroup(this, 'Subnets', {
      dbSubnetGroupDescription: 'Neptune subnets',
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const cluster = new neptune.CfnDBCluster(this, 'Graph', {
      dbSubnetGroupName: subnets.ref,
      vpcSecurityGroupIds: [sg.securityGroupId],
      storageEncrypted: true,
      iamAuthEnabled: true,
      backupRetentionPeriod: 1,
    });
    new neptune.CfnDBInstance(this, 'GraphInstance', {
      dbClusterIdentifier: cluster.ref,
      dbInstanceClass: 'db.r6g.large',
    });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new GraphStack(app, 'Graph', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
