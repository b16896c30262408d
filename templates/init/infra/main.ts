/**
 * Your cross-account delivery pipeline as CDKTF stacks, for `xacct run --stacks infra/main.ts` (and `cdktf synth`).
 * Written by `xacct init` as a starting point: a pipeline account (111111111111) whose CodePipeline deploys a
 * CloudFormation stack into a target account (222222222222) through a cross-account action role, with the
 * artifacts in an S3 bucket encrypted by a customer-managed KMS key that both accounts may use
 * (https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation). Replace it with your own stacks, or
 * point --stacks at the infrastructure you have instead: a Terraform directory, an AWS CDK cloud assembly (cdk.out,
 * after `cdk synth`) or a CloudFormation deploy plan (xacct.deploy.yaml).
 *
 * The default export adds the stacks to the App it is given; each scenario's `setup` object arrives as `variant`,
 * so a scenario can build the setup with one grant missing and prove that AWS refuses it.
 *
 * Each grant is what a hop of the pipeline needs, as in xacct's reference setup (stacks/policies.ts), so
 * `xacct check --stacks infra/main.ts` passes on it and names the hop each grant serves. AWS's walkthrough grants
 * more (every key user DescribeKey, Encrypt, ReEncrypt*; the target account s3:Put* and s3:ListBucket), which no
 * hop uses: add a grant here when an action of yours needs it, and `xacct check` proves it needed.
 */
import { TerraformStack, type App } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';

const PIPELINE_ACCOUNT = '111111111111';
const TARGET_ACCOUNT = '222222222222';
const REGION = 'us-east-1';

/** What a scenario's `setup` may switch off (every grant is on by default). */
export interface Variant {
  grants?: { bucketPolicyTargetAccount?: boolean };
}

const json = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const root = (account: string) => `arn:aws:iam::${account}:root`;
/**
 * What S3 asks KMS for as the requester of an SSE-KMS object
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms): writing one
 * needs kms:GenerateDataKey, reading one kms:Decrypt.
 */
const KEY_WRITE = ['kms:GenerateDataKey*'];
const KEY_READ = ['kms:Decrypt'];

/** One provider per account. Against xacct the access key is the account id; in AWS use profiles or assume_role. */
function provider(stack: TerraformStack, alias: string, account: string): AwsProvider {
  return new AwsProvider(stack, `aws_${alias}`, {
    alias,
    region: REGION,
    accessKey: account,
    secretKey: 'test',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
  });
}

export default function build(app: App, variant: Variant = {}): void {
  const grants = { bucketPolicyTargetAccount: true, ...variant.grants };
  const stack = new TerraformStack(app, 'delivery');
  const pipelineAccount = provider(stack, 'pipeline', PIPELINE_ACCOUNT);
  const targetAccount = provider(stack, 'target', TARGET_ACCOUNT);

  const pipelineRole = new IamRole(stack, 'pipeline_role', {
    provider: pipelineAccount,
    name: 'codepipeline-service-role',
    assumeRolePolicy: json([{ Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });

  const key = new KmsKey(stack, 'artifact_key', {
    provider: pipelineAccount,
    description: 'CodePipeline artifacts, shared with the target account',
    policy: json([
      { Sid: 'AccountRoot', Effect: 'Allow', Principal: { AWS: root(PIPELINE_ACCOUNT) }, Action: 'kms:*', Resource: '*' },
      // The pipeline role writes the source artifact (the source bucket does not encrypt with this key: add kms:Decrypt
      // if yours does). Its own IAM policy needs no KMS statement: this key policy names it.
      { Sid: 'PipelineRole', Effect: 'Allow', Principal: { AWS: pipelineRole.arn }, Action: KEY_WRITE, Resource: '*' },
      // The target account's action role only reads artifacts.
      { Sid: 'TargetAccount', Effect: 'Allow', Principal: { AWS: root(TARGET_ACCOUNT) }, Action: KEY_READ, Resource: '*' },
    ]),
  });

  const artifacts = new S3Bucket(stack, 'artifact_bucket', { provider: pipelineAccount, bucket: `artifacts-${PIPELINE_ACCOUNT}` });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'artifact_bucket_encryption', {
    provider: pipelineAccount,
    bucket: artifacts.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn } }],
  });
  if (grants.bucketPolicyTargetAccount) {
    new S3BucketPolicy(stack, 'artifact_bucket_policy', {
      provider: pipelineAccount,
      bucket: artifacts.id,
      policy: json([
        // The target account reads artifacts; none of its actions writes one or lists the bucket.
        { Sid: 'TargetAccountObjects', Effect: 'Allow', Principal: { AWS: root(TARGET_ACCOUNT) }, Action: 's3:Get*', Resource: `${artifacts.arn}/*` },
      ]),
    });
  }

  const source = new S3Bucket(stack, 'source_bucket', { provider: pipelineAccount, bucket: `source-${PIPELINE_ACCOUNT}` });
  new S3BucketVersioningA(stack, 'source_bucket_versioning', {
    provider: pipelineAccount,
    bucket: source.id,
    versioningConfiguration: { status: 'Enabled' },
  });

  const pipelinePolicy = new IamRolePolicy(stack, 'pipeline_role_policy', {
    provider: pipelineAccount,
    name: 'pipeline',
    role: pipelineRole.name,
    policy: json([
      { Effect: 'Allow', Action: 's3:*', Resource: [artifacts.arn, `${artifacts.arn}/*`, source.arn, `${source.arn}/*`] },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/*` },
    ]),
  });

  // CloudFormation builds the stack as this role, in the target account.
  const deployRole = new IamRole(stack, 'deploy_role', {
    provider: targetAccount,
    name: 'cloudformation-deploy-role',
    assumeRolePolicy: json([{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  new IamRolePolicy(stack, 'deploy_role_policy', {
    provider: targetAccount,
    name: 'deploy',
    role: deployRole.name,
    policy: json([
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Action: ['iam:GetRole', 'iam:CreateRole', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:TagRole', 'iam:PassRole'], Resource: '*' },
    ]),
  });

  // The pipeline account's pipeline role assumes this role to act in the target account. It trusts that role, not
  // the pipeline account's root, which would let any administrator there take it (`xacct check` probes that).
  const actionRole = new IamRole(stack, 'action_role', {
    provider: targetAccount,
    name: 'cross-account-action-role',
    assumeRolePolicy: json([{ Effect: 'Allow', Principal: { AWS: pipelineRole.arn }, Action: 'sts:AssumeRole' }]),
  });
  const actionPolicy = new IamRolePolicy(stack, 'action_role_policy', {
    provider: targetAccount,
    name: 'deploy-from-pipeline-account',
    role: actionRole.name,
    policy: json([
      { Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: deployRole.arn },
      { Effect: 'Allow', Action: 's3:Get*', Resource: `${artifacts.arn}/*` },
      { Effect: 'Allow', Action: KEY_READ, Resource: key.arn },
    ]),
  });

  new Codepipeline(stack, 'pipeline', {
    provider: pipelineAccount,
    name: 'delivery',
    roleArn: pipelineRole.arn,
    artifactStore: [{ location: artifacts.bucket, type: 'S3', encryptionKey: { id: key.arn, type: 'KMS' } }],
    stage: [
      {
        name: 'Source',
        action: [
          {
            name: 'Source',
            category: 'Source',
            owner: 'AWS',
            provider: 'S3',
            version: '1',
            outputArtifacts: ['SourceArtifact'],
            configuration: { S3Bucket: source.bucket, S3ObjectKey: 'app.zip', PollForSourceChanges: 'false' },
          },
        ],
      },
      {
        name: 'Deploy',
        action: [
          {
            name: 'DeployStack',
            category: 'Deploy',
            owner: 'AWS',
            provider: 'CloudFormation',
            version: '1',
            inputArtifacts: ['SourceArtifact'],
            roleArn: actionRole.arn,
            configuration: {
              ActionMode: 'CREATE_UPDATE',
              StackName: 'app',
              TemplatePath: 'SourceArtifact::template.yaml',
              RoleArn: deployRole.arn,
              Capabilities: 'CAPABILITY_NAMED_IAM',
            },
          },
        ],
      },
    ],
    // CodePipeline checks at creation that its role may assume the action role: the grants must exist first.
    dependsOn: [pipelinePolicy, actionPolicy],
  });
}
