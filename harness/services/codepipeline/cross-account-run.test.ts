/**
 * A cross-account run end to end, over both transports: the S3 source becomes an SSE-KMS artifact under the
 * store's customer-managed key, laid out as <pipeline>/<artifact>/<7 chars>; the target account's action role reads
 * it (bucket policy + key policy grant the target account) and extracts it into the target's deploy bucket. Then
 * the key policy drops the target account and the next execution fails at the deploy action with E083's words.
 * The first run is the one the pipeline's creation starts (trigger CreatePipeline, definition-operations.ts): the
 * source object is there before the pipeline is created, so that run succeeds.
 */
import { CodePipelineClient, CreatePipelineCommand, GetPipelineStateCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { ACTION_ROLE, createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE, referencePipeline, TARGET_ACCOUNT } from './test-fixtures.js';
import { waitForCreationExecution, waitForExecution } from './wait.js';

const ARTIFACTS = `xacct-artifacts-${PIPELINE_ACCOUNT}`;
const SOURCE = `xacct-source-${PIPELINE_ACCOUNT}`;
const DEPLOY = `xacct-deploy-${TARGET_ACCOUNT}`;

const keyPolicy = (accounts: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PIPELINE_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      ...accounts.map((a) => ({ Sid: `Use${a}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*'], Resource: '*' })),
    ],
  });

describe.each(['in-process', 'http'] as const)('a cross-account pipeline run over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let kms: KMSClient;
  let keyArn: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    const a = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    kms = new KMSClient(emu.clientConfig(PIPELINE_ACCOUNT));
    keyArn = (await kms.send(new CreateKeyCommand({ Policy: keyPolicy([TARGET_ACCOUNT]) }))).KeyMetadata!.Arn!;
    for (const bucket of [ARTIFACTS, SOURCE]) {
      await a.send(new CreateBucketCommand({ Bucket: bucket }));
      await a.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    }
    // The reference setup's artifact bucket defaults to SSE-KMS with the key (issue 5), as the seeds' bucket does.
    await a.send(
      new PutBucketEncryptionCommand({
        Bucket: ARTIFACTS,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
      }),
    );
    await a.send(
      new PutBucketPolicyCommand({
        Bucket: ARTIFACTS,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TARGET_ACCOUNT}:root` }, Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${ARTIFACTS}/*` }],
        }),
      }),
    );
    await new S3Client(emu.clientConfig(TARGET_ACCOUNT)).send(new CreateBucketCommand({ Bucket: DEPLOY }));
    const zip = zipSync({ 'template.yaml': strToU8('Resources: {}\n'), 'site/index.html': strToU8('<h1>xacct</h1>') });
    await a.send(new PutObjectCommand({ Bucket: SOURCE, Key: 'app.zip', Body: zip }));
    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    const base = referencePipeline({ name: 'files', keyId: keyArn });
    await cp.send(new CreatePipelineCommand({ pipeline: { ...base, stages: [base.stages![0]!, { name: 'Deploy', actions: [base.stages![1]!.actions![1]!] }] } }));
  });
  afterAll(() => emu.dispose());

  const runOnce = async () => {
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name: 'files' }));
    return waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'files', pipelineExecutionId!);
  };

  it("moves the artifact through the store into the target account in the run the pipeline's creation started", async () => {
    const exec = await waitForCreationExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', 'files');
    expect(exec.trigger.triggerType).toBe('CreatePipeline');
    expect(exec.status).toBe('Succeeded');
    const a = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    const stored = (await a.send(new ListObjectsV2Command({ Bucket: ARTIFACTS }))).Contents ?? [];
    expect(stored.map((o) => o.Key)).toEqual([expect.stringMatching(/^files\/SourceArtifact\/[A-Za-z0-9]{7}$/)]);
    const head = await a.send(new GetObjectCommand({ Bucket: ARTIFACTS, Key: stored[0]!.Key! }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(keyArn);
    const b = new S3Client(emu.clientConfig(TARGET_ACCOUNT));
    const page = await b.send(new GetObjectCommand({ Bucket: DEPLOY, Key: 'site/index.html' }));
    expect(await page.Body!.transformToString()).toBe('<h1>xacct</h1>');
    expect(exec.stages.get('Deploy')!.actions.get('DeployFiles')!.declaration.roleArn).toBe(ACTION_ROLE);
  });

  it('fails at the deploy action once the key policy drops the target account (E083)', async () => {
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: keyPolicy([]) }));
    const exec = await runOnce();
    expect(exec.status).toBe('Failed');
    const state = await cp.send(new GetPipelineStateCommand({ name: 'files' }));
    const deploy = state.stageStates![1]!.actionStates![0]!.latestExecution!;
    expect(deploy.status).toBe('Failed');
    expect(deploy.errorDetails?.code).toBe('JobFailed');
    expect(deploy.errorDetails?.message).toMatch(
      new RegExp(
        `^Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the Amazon S3 bucket named ${ARTIFACTS}\\. Update the IAM role permissions, and then try again\\. Error: Amazon S3:AccessDenied:.+ \\(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: [0-9A-F]{16}; S3 Extended Request ID: \\S+; Proxy: null\\)$`,
      ),
    );
    expect(PIPELINE_ROLE).toContain('codepipeline-service-role');
  });
});
