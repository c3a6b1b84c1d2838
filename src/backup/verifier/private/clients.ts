import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { DEFAULT_RETRY_POLICY, retrying, RetryPolicy } from './retry';

/** SDK clients per region, created on first use, every call retried under one policy and counted. */
export class AwsClients {
  /** AWS API requests made so far (retries included). */
  public readonly counter = { calls: 0 };
  private readonly cache = new Map<string, any>();

  constructor(private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {}

  public backup(region: string): BackupClient {
    return this.client('backup', region, BackupClient);
  }

  public rds(region: string): RDSClient {
    return this.client('rds', region, RDSClient);
  }

  public dynamodb(region: string): DynamoDBClient {
    return this.client('dynamodb', region, DynamoDBClient);
  }

  public efs(region: string): EFSClient {
    return this.client('efs', region, EFSClient);
  }

  public ec2(region: string): EC2Client {
    return this.client('ec2', region, EC2Client);
  }

  private client<C extends { send(c: any): Promise<any> }>(service: string, region: string, Ctor: new (config: any) => C): C {
    const key = `${service}:${region}`;
    let c = this.cache.get(key);
    if (!c) {
      // maxAttempts 1: retrying() is the only retry layer, so attempts do not multiply.
      c = retrying(new Ctor({ region, maxAttempts: 1 }), this.policy, this.counter);
      this.cache.set(key, c);
    }
    return c;
  }
}
