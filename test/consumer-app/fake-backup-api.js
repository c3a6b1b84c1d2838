// A local stand-in for the AWS Backup API, for the consumer smoke test (scripts/consumer-smoke.sh):
// `cdk-readiness verify-backups` runs against it (AWS_ENDPOINT_URL) to prove that the command's
// bundled AWS SDK clients sign their requests and read the answers. Vaults exist and hold no
// recovery points or jobs. Prints "port N" once listening, then one line per request.
const http = require('http');

const server = http.createServer((req, res) => {
  const signed = /^AWS4-HMAC-SHA256 Credential=AKIDSMOKE\//.test(req.headers.authorization || '');
  console.log(`${req.method} ${req.url.split('?')[0]} ${signed ? 'signed' : 'UNSIGNED'}`);
  res.setHeader('content-type', 'application/json');
  const vault = /^\/backup-vaults\/([^/?]+)(\?|$)/.exec(req.url);
  res.end(JSON.stringify(vault
    ? { BackupVaultName: vault[1], BackupVaultArn: `arn:aws:backup:eu-west-1:111111111111:backup-vault:${vault[1]}` }
    : { RecoveryPoints: [], BackupJobs: [], CopyJobs: [], RestoreJobs: [] }));
});
server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
