/**
 * Test-only helpers: the cross-account principals a CodePipeline test needs, created with the real IAM SDK
 * (pipeline role trusted by codepipeline.amazonaws.com, an action role in the target account trusted by the
 * pipeline account, a deploy role trusted by cloudformation.amazonaws.com), and a pipeline declaration shaped
 * like the reference setup (issue 5). Mirrors the setup in
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { RunningEmulator } from '../../index.js';

export const PIPELINE_ACCOUNT = '111111111111';
export const TARGET_ACCOUNT = '222222222222';
export const PIPELINE_ROLE = `arn:aws:iam::${PIPELINE_ACCOUNT}:role/codepipeline-service-role`;
export const ACTION_ROLE = `arn:aws:iam::${TARGET_ACCOUNT}:role/cross-account-action-role`;
export const DEPLOY_ROLE = `arn:aws:iam::${TARGET_ACCOUNT}:role/cloudformation-deploy-role`;

export const trust = (principal: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

export const allow = (actions: string | string[], resource: string | string[] = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });

export interface Principals {
  /** An IAM user in the pipeline account that may manage pipelines but not pass roles. */
  noPassRole: { accessKeyId: string; secretAccessKey: string };
}

export async function createPrincipals(emu: RunningEmulator): Promise<Principals> {
  const iamA = new IAMClient(emu.clientConfig(PIPELINE_ACCOUNT));
  const iamB = new IAMClient(emu.clientConfig(TARGET_ACCOUNT));
  await iamA.send(new CreateRoleCommand({ RoleName: 'codepipeline-service-role', AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
  await iamA.send(
    new PutRolePolicyCommand({
      RoleName: 'codepipeline-service-role',
      PolicyName: 'pipeline',
      PolicyDocument: allow(['s3:*', 'kms:*', 'iam:PassRole', 'cloudformation:*', 'sts:AssumeRole']),
    }),
  );
  await iamA.send(new CreateRoleCommand({ RoleName: 'untrusted-role', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
  await iamB.send(new CreateRoleCommand({ RoleName: 'cross-account-action-role', AssumeRolePolicyDocument: trust({ AWS: PIPELINE_ACCOUNT }) }));
  await iamB.send(
    new PutRolePolicyCommand({
      RoleName: 'cross-account-action-role',
      PolicyName: 'action',
      PolicyDocument: allow(['s3:*', 'kms:*', 'cloudformation:*', 'iam:PassRole']),
    }),
  );
  await iamB.send(new CreateRoleCommand({ RoleName: 'closed-role', AssumeRolePolicyDocument: trust({ AWS: '333333333333' }) }));
  await iamB.send(new CreateRoleCommand({ RoleName: 'cloudformation-deploy-role', AssumeRolePolicyDocument: trust({ Service: 'cloudformation.amazonaws.com' }) }));
  await iamB.send(new PutRolePolicyCommand({ RoleName: 'cloudformation-deploy-role', PolicyName: 'deploy', PolicyDocument: allow(['s3:*', 'iam:*']) }));

  await iamA.send(new CreateUserCommand({ UserName: 'no-pass-role' }));
  await iamA.send(new PutUserPolicyCommand({ UserName: 'no-pass-role', PolicyName: 'cp', PolicyDocument: allow('codepipeline:*') }));
  const key = await iamA.send(new CreateAccessKeyCommand({ UserName: 'no-pass-role' }));
  return { noPassRole: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! } };
}

export interface PipelineOptions {
  name?: string;
  artifactBucket?: string;
  sourceBucket?: string;
  deployBucket?: string;
  keyId?: string;
  actionRole?: string;
  /** Replace the Deploy stage's actions. */
  deployActions?: NonNullable<PipelineDeclaration['stages']>[number]['actions'];
}

/** The reference pipeline's shape: S3 source, then CloudFormation and S3 deploy actions as the target's role. */
export function referencePipeline(o: PipelineOptions = {}): PipelineDeclaration {
  const actionRole = o.actionRole ?? ACTION_ROLE;
  return {
    name: o.name ?? 'xacct-pipeline',
    roleArn: PIPELINE_ROLE,
    artifactStore: {
      type: 'S3',
      location: o.artifactBucket ?? `xacct-artifacts-${PIPELINE_ACCOUNT}`,
      ...(o.keyId ? { encryptionKey: { type: 'KMS', id: o.keyId } } : {}),
    },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { S3Bucket: o.sourceBucket ?? `xacct-source-${PIPELINE_ACCOUNT}`, S3ObjectKey: 'app.zip', PollForSourceChanges: 'false' },
            outputArtifacts: [{ name: 'SourceArtifact' }],
          },
        ],
      },
      {
        name: 'Deploy',
        actions: o.deployActions ?? [
          {
            name: 'DeployStack',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
            roleArn: actionRole,
            configuration: {
              ActionMode: 'CREATE_UPDATE',
              StackName: 'xacct-app',
              TemplatePath: 'SourceArtifact::template.yaml',
              RoleArn: DEPLOY_ROLE,
              Capabilities: 'CAPABILITY_NAMED_IAM',
            },
            inputArtifacts: [{ name: 'SourceArtifact' }],
          },
          {
            name: 'DeployFiles',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
            roleArn: actionRole,
            configuration: { BucketName: o.deployBucket ?? `xacct-deploy-${TARGET_ACCOUNT}`, Extract: 'true' },
            inputArtifacts: [{ name: 'SourceArtifact' }],
          },
        ],
      },
    ],
  };
}

export interface CodeCommitPipelineOptions {
  name: string;
  artifactBucket: string;
  deployBucket: string;
  /** The source action's configuration (RepositoryName, BranchName, PollForSourceChanges, …). */
  configuration: Record<string, string>;
  /** The artifact store's KMS key; the bucket's default encryption without one. */
  keyArn?: string;
  /** The source action's role (a role of the repository's account). */
  sourceRole?: string;
}

/** A CodeCommit source action named App, then an S3 deploy that extracts its zip, as the pipeline role. */
export function codeCommitPipeline(o: CodeCommitPipelineOptions): PipelineDeclaration {
  return {
    name: o.name,
    roleArn: PIPELINE_ROLE,
    artifactStore: { type: 'S3', location: o.artifactBucket, ...(o.keyArn ? { encryptionKey: { type: 'KMS', id: o.keyArn } } : {}) },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'App',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            ...(o.sourceRole ? { roleArn: o.sourceRole } : {}),
            configuration: o.configuration,
            outputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Files',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { BucketName: o.deployBucket, Extract: 'true' },
            inputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
    ],
  };
}
