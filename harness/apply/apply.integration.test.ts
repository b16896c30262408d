/**
 * The applier against the real emulator (in-process transport): hand-written Terraform JSON with data sources,
 * jsonencode and cross-account providers creates roles and keys in the right accounts, and an AWS error carries
 * the address with IAM's code, status and message (errors.jsonl E058, from
 * https://github.com/terraform-aws-modules/terraform-aws-iam/issues/47).
 * The reference setup from stacks/ applies end to end and the emulator then shows it in the right accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { GetBucketPolicyCommand, GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulator, type RunningEmulator } from '../index.js';
import { synthReferenceSetup } from '../../stacks/reference-setup.js';
import { apply } from './apply.js';
import { ApplyResourceError } from './errors.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ transport: 'in-process' });
});
afterAll(async () => {
  await emu.dispose();
});

const providers = {
  aws: [
    { alias: 'pipeline', region: 'us-east-1', access_key: '111111111111', secret_key: 'test' },
    { alias: 'target', region: 'us-east-1', access_key: '222222222222', secret_key: 'test' },
  ],
};

const config = {
  provider: providers,
  data: {
    aws_caller_identity: { pipeline: { provider: 'aws.pipeline' } },
    aws_iam_policy_document: {
      trust: {
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::${data.aws_caller_identity.pipeline.account_id}:root'] }] }],
      },
      codepipeline_trust: {
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['codepipeline.amazonaws.com'] }] }],
      },
    },
  },
  resource: {
    aws_iam_role: {
      pipeline: { provider: 'aws.pipeline', name: 'codepipeline-service-role', assume_role_policy: '${data.aws_iam_policy_document.codepipeline_trust.json}' },
      action: { provider: 'aws.target', name: 'cross-account-action-role', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' },
    },
    aws_kms_key: {
      key: {
        provider: 'aws.pipeline',
        policy:
          '${jsonencode({Version = "2012-10-17", Statement = [{Sid = "Root", Effect = "Allow", Principal = {AWS = "arn:aws:iam::111111111111:root"}, Action = "kms:*", Resource = "*"}, {Sid = "Target", Effect = "Allow", Principal = {AWS = ["arn:aws:iam::222222222222:root", aws_iam_role.pipeline.arn]}, Action = ["kms:Decrypt", "kms:DescribeKey"], Resource = "*"}]})}',
      },
    },
    aws_kms_alias: { key: { provider: 'aws.pipeline', name: 'alias/codepipeline-artifacts', target_key_id: '${aws_kms_key.key.key_id}' } },
    aws_iam_role_policy: {
      action: {
        provider: 'aws.target',
        name: 'use-key',
        role: '${aws_iam_role.action.name}',
        policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.key.arn}]})}',
      },
    },
  },
};

describe('apply against the emulator', () => {
  it('creates the roles and the key in the right accounts with the policies as written', async () => {
    emu.reset();
    const result = await apply(config, { resolver: emu });
    expect(Object.fromEntries(result.resources.map((r) => [r.address, r.account]))).toEqual({
      'aws_iam_role.pipeline': '111111111111',
      'aws_iam_role.action': '222222222222',
      'aws_kms_key.key': '111111111111',
      'aws_kms_alias.key': '111111111111',
      'aws_iam_role_policy.action': '222222222222',
    });
    const keyArn = result.resources.find((r) => r.address === 'aws_kms_key.key')!.attributes.arn;

    const role = await new IAMClient(emu.clientConfig('222222222222')).send(new GetRoleCommand({ RoleName: 'cross-account-action-role' }));
    expect(role.Role?.Arn).toBe('arn:aws:iam::222222222222:role/cross-account-action-role');
    expect(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });

    const kms = new KMSClient(emu.clientConfig('111111111111'));
    const key = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/codepipeline-artifacts' }));
    expect(key.KeyMetadata?.Arn).toBe(keyArn);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyMetadata!.KeyId!, PolicyName: 'default' }))).Policy!);
    expect(policy.Statement[1].Principal.AWS).toEqual(['arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:role/codepipeline-service-role']);
  });

  it('an IAM error names the resource and carries the code, status and message', async () => {
    emu.reset();
    const bad = {
      provider: providers,
      resource: {
        aws_iam_role: {
          ok: { provider: 'aws.pipeline', name: 'ok', assume_role_policy: '${data.aws_iam_policy_document.t.json}' },
          no_principal: { provider: 'aws.target', name: 'broken', depends_on: ['aws_iam_role.ok'], assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}' },
        },
      },
      data: { aws_iam_policy_document: { t: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['cloudformation.amazonaws.com'] }] }] } } },
    };
    const e = (await apply(bad, { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect(e.address).toBe('aws_iam_role.no_principal');
    expect(e.code).toBe('MalformedPolicyDocument');
    expect(e.statusCode).toBe(400);
    expect(e.awsMessage).toBe('Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!');
    expect(e.created).toEqual(['aws_iam_role.ok']);
  });

  it('creates a bucket with its tags (CreateBucket, then PutBucketTagging)', async () => {
    emu.reset();
    const tagged = { provider: providers, resource: { aws_s3_bucket: { b: { provider: 'aws.target', bucket: 'tagged-by-terraform', tags: { team: 'delivery', env: 'prod' } } } } };
    await apply(tagged, { resolver: emu });
    const tags = await new S3Client(emu.clientConfig('222222222222')).send(new GetBucketTaggingCommand({ Bucket: 'tagged-by-terraform' }));
    expect(tags.TagSet).toEqual([
      { Key: 'team', Value: 'delivery' },
      { Key: 'env', Value: 'prod' },
    ]);
  });
});

describe('apply the reference setup to the emulator', () => {
  it('creates everything; the roles, key, bucket policy and pipeline are visible in the right accounts', async () => {
    emu.reset();
    const result = await apply(synthReferenceSetup(), { resolver: emu });
    expect(result.resources).toHaveLength(18);

    const iamTarget = new IAMClient(emu.clientConfig('222222222222'));
    for (const name of ['cross-account-action-role', 'cloudformation-deploy-role']) {
      expect((await iamTarget.send(new GetRoleCommand({ RoleName: name }))).Role?.Arn).toBe(`arn:aws:iam::222222222222:role/${name}`);
    }
    const pipelineRole = await new IAMClient(emu.clientConfig('111111111111')).send(new GetRoleCommand({ RoleName: 'codepipeline-service-role' }));
    expect(JSON.parse(decodeURIComponent(pipelineRole.Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'codepipeline.amazonaws.com' });

    const kms = new KMSClient(emu.clientConfig('111111111111'));
    const key = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/codepipeline-artifacts' }));
    const keyPolicy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyMetadata!.KeyId!, PolicyName: 'default' }))).Policy!);
    expect(keyPolicy.Statement.find((s: { Sid: string }) => s.Sid === 'AllowTargetAccountUseOfKey').Principal).toEqual({ AWS: 'arn:aws:iam::222222222222:root' });

    const bucketPolicy = await new S3Client(emu.clientConfig('111111111111')).send(new GetBucketPolicyCommand({ Bucket: 'xacct-artifacts-111111111111' }));
    expect(JSON.parse(bucketPolicy.Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'DenyUnEncryptedObjectUploads',
      'DenyInsecureConnections',
      'AllowTargetAccountObjects',
    ]);

    const pipeline = await new CodePipelineClient(emu.clientConfig('111111111111')).send(new GetPipelineCommand({ name: 'xacct-pipeline' }));
    expect(pipeline.pipeline?.artifactStore?.encryptionKey?.id).toBe(key.KeyMetadata?.Arn);
    expect(pipeline.pipeline?.stages?.[1].actions?.map((a) => a.roleArn)).toEqual([
      'arn:aws:iam::222222222222:role/cross-account-action-role',
      'arn:aws:iam::222222222222:role/cross-account-action-role',
    ]);
  });
});
