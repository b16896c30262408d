/**
 * SDK v3 clients per account and region, configured from an AccountCredentialsResolver (the emulator's
 * `clientConfig`, or the endpoint convention of endpoint.ts: access key = account id, secret `test`, SigV4 as usual).
 * Deviations: none; each client is created on first use and reused for the whole apply.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { AccountCredentialsResolver, AwsClients, ClientFactory, Sender } from './types.js';

type ClientClass = new (config: Record<string, unknown>) => Sender;
const CLASSES: Record<keyof AwsClients, ClientClass> = {
  iam: IAMClient,
  kms: KMSClient,
  s3: S3Client,
  codepipeline: CodePipelineClient,
  codebuild: CodeBuildClient,
  sts: STSClient,
  codecommit: CodeCommitClient,
  eventbridge: EventBridgeClient,
  codestarConnections: CodeStarConnectionsClient,
  ecs: ECSClient,
  codedeploy: CodeDeployClient,
  lambda: LambdaClient,
  logs: CloudWatchLogsClient,
};

export function sdkClientFactory(resolver: AccountCredentialsResolver): ClientFactory {
  const cache = new Map<string, AwsClients>();
  return (accountId, region) => {
    const key = `${accountId}/${region}`;
    let clients = cache.get(key);
    if (!clients) {
      // Retries would turn one AccessDenied into several identical calls; the applier reports the first.
      // The resolver's requestHandler is the SDK's own type (the emulator's in-process handler); it is typed `unknown` here.
      // The applier never changes a client's middleware, so each client resolves its stack once per command.
      const cfg = { maxAttempts: 1, ...resolver.clientConfig(accountId), region, cacheMiddleware: true } as Record<string, unknown>;
      const made = new Map<keyof AwsClients, Sender>();
      // Built on first use: an account usually needs two or three of the five services.
      const lazy = (service: keyof AwsClients): Sender => ({
        send: (command) => {
          let client = made.get(service);
          if (!client) made.set(service, (client = new CLASSES[service](cfg)));
          return client.send(command);
        },
      });
      clients = Object.fromEntries((Object.keys(CLASSES) as Array<keyof AwsClients>).map((service) => [service, lazy(service)])) as unknown as AwsClients;
      cache.set(key, clients);
    }
    return clients;
  };
}
