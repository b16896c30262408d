/**
 * The reference cross-account CodePipeline setup as one CDKTF stack with one AWS provider per account
 * (aliases `pipeline` and `target`), following AWS's guide
 * https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation and the seeds.
 * Provider classes come from their submodules: the package root loads every resource (~6 s, 750 MB).
 * Deviations: providers point at the emulator (access key = account id, secret `test`); a real deployment would
 * use profiles or assume_role instead.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline/index.js';
import { resolveOptions, type ReferenceSetupInput, type ReferenceSetupOptions } from './options.js';
import {
  actionRolePolicy,
  actionRoleTrust,
  artifactBucketPolicy,
  deployRolePolicy,
  deployRoleTrust,
  keyPolicy,
  pipelineRolePolicy,
  serviceTrust,
  type PolicyDocument,
} from './policies.js';
import { scratchApp, synthStack, type TerraformJson } from './synth.js';

export const PROVIDER_ALIASES = { pipeline: 'pipeline', target: 'target' } as const;

/** An AWS provider aimed at the emulator for one account. */
export function emulatorProvider(scope: Construct, alias: string, accountId: string, o: ReferenceSetupOptions): AwsProvider {
  const ep = o.endpoint;
  return new AwsProvider(scope, `aws_${alias}`, {
    alias,
    region: o.region,
    accessKey: accountId,
    secretKey: 'test',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    s3UsePathStyle: true,
    endpoints: [{ iam: ep, kms: ep, s3: ep, sts: ep, codepipeline: ep, cloudformation: ep }],
  });
}

const json = (d: PolicyDocument) => JSON.stringify(d);

/** The stack and the constructs a scenario may want to reference or inspect. */
export interface ReferenceSetup {
  stack: TerraformStack;
  options: ReferenceSetupOptions;
  providers: { pipeline: AwsProvider; target: AwsProvider };
  key?: KmsKey;
  artifactBucket: S3Bucket;
  sourceBucket: S3Bucket;
  deployBucket: S3Bucket;
  pipelineRole: IamRole;
  actionRole: IamRole;
  deployRole: IamRole;
  pipeline: Codepipeline;
}

export function buildReferenceSetup(app: Construct, input: ReferenceSetupInput = {}): ReferenceSetup {
  const o = resolveOptions(input);
  const n = o.names;
  const stack = new TerraformStack(app, n.stack);
  const pipelineProvider = emulatorProvider(stack, PROVIDER_ALIASES.pipeline, o.pipelineAccount, o);
  const targetProvider = emulatorProvider(stack, PROVIDER_ALIASES.target, o.targetAccount, o);
  const deployProvider = o.deployRoleAccount === 'target' ? targetProvider : pipelineProvider;

  const pipelineRole = new IamRole(stack, 'pipeline_role', {
    provider: pipelineProvider,
    name: n.pipelineRole,
    assumeRolePolicy: json(serviceTrust('codepipeline.amazonaws.com')),
  });

  let key: KmsKey | undefined;
  if (o.artifactKey === 'customer') {
    const policy = keyPolicy(o, pipelineRole.arn);
    key = new KmsKey(stack, 'artifact_key', {
      provider: pipelineProvider,
      description: 'CodePipeline artifact store key shared with the target account',
      policy: json(policy),
      // Without the root statement the key policy would lock the creator out; AWS refuses that unless told to.
      bypassPolicyLockoutSafetyCheck: !o.grants.keyPolicyAccountRoot,
    });
    new KmsAlias(stack, 'artifact_key_alias', { provider: pipelineProvider, name: n.keyAlias, targetKeyId: key.keyId });
  }
  const keyArn = key?.arn;

  const artifactBucket = new S3Bucket(stack, 'artifact_bucket', { provider: pipelineProvider, bucket: n.artifactBucket });
  new S3BucketVersioningA(stack, 'artifact_bucket_versioning', {
    provider: pipelineProvider,
    bucket: artifactBucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'artifact_bucket_encryption', {
    provider: pipelineProvider,
    bucket: artifactBucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', ...(keyArn ? { kmsMasterKeyId: keyArn } : {}) } }],
  });
  new S3BucketOwnershipControls(stack, 'artifact_bucket_ownership', {
    provider: pipelineProvider,
    bucket: artifactBucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const bucketPolicy = artifactBucketPolicy(o);
  if (bucketPolicy.Statement.length > 0) {
    new S3BucketPolicy(stack, 'artifact_bucket_policy', { provider: pipelineProvider, bucket: artifactBucket.id, policy: json(bucketPolicy) });
  }

  const sourceBucket = new S3Bucket(stack, 'source_bucket', { provider: pipelineProvider, bucket: n.sourceBucket });
  new S3BucketVersioningA(stack, 'source_bucket_versioning', {
    provider: pipelineProvider,
    bucket: sourceBucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  if (keyArn) {
    // Sources are encrypted with the artifact key, as the bundled scenarios upload them: the pipeline role's read of
    // the source then needs kms:Decrypt on it, which the key policy grants (and `xacct check` proves needed).
    new S3BucketServerSideEncryptionConfigurationA(stack, 'source_bucket_encryption', {
      provider: pipelineProvider,
      bucket: sourceBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn } }],
    });
  }

  const pipelinePolicy = pipelineRolePolicy(o, keyArn);
  const pipelineRolePolicyResource =
    pipelinePolicy.Statement.length > 0
      ? new IamRolePolicy(stack, 'pipeline_role_policy', {
          provider: pipelineProvider,
          name: `${n.pipelineRole}-policy`,
          role: pipelineRole.name,
          policy: json(pipelinePolicy),
        })
      : undefined;

  const deployRole = new IamRole(stack, 'deploy_role', {
    provider: deployProvider,
    name: n.deployRole,
    assumeRolePolicy: json(deployRoleTrust(o)),
  });
  const deployPolicy = deployRolePolicy(o);
  if (deployPolicy.Statement.length > 0) {
    new IamRolePolicy(stack, 'deploy_role_policy', {
      provider: deployProvider,
      name: `${n.deployRole}-policy`,
      role: deployRole.name,
      policy: json(deployPolicy),
    });
  }

  const deployBucket = new S3Bucket(stack, 'deploy_bucket', { provider: targetProvider, bucket: n.deployBucket });

  const actionRole = new IamRole(stack, 'action_role', {
    provider: targetProvider,
    name: n.actionRole,
    assumeRolePolicy: json(actionRoleTrust(o, pipelineRole.arn)),
  });
  const actionPolicy = actionRolePolicy(o, keyArn);
  const actionRolePolicyResource =
    actionPolicy.Statement.length > 0
      ? new IamRolePolicy(stack, 'action_role_policy', {
          provider: targetProvider,
          name: `${n.actionRole}-policy`,
          role: actionRole.name,
          policy: json(actionPolicy),
        })
      : undefined;

  const pipeline = new Codepipeline(stack, 'pipeline', {
    provider: pipelineProvider,
    name: n.pipeline,
    roleArn: pipelineRole.arn,
    artifactStore: [
      {
        location: artifactBucket.bucket,
        type: 'S3',
        ...(keyArn ? { encryptionKey: { id: keyArn, type: 'KMS' } } : {}),
      },
    ],
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
            outputArtifacts: [n.sourceArtifact],
            configuration: { S3Bucket: sourceBucket.bucket, S3ObjectKey: n.sourceObjectKey, PollForSourceChanges: 'false' },
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
            inputArtifacts: [n.sourceArtifact],
            roleArn: actionRole.arn,
            runOrder: 1,
            configuration: {
              ActionMode: 'CREATE_UPDATE',
              StackName: n.cfnStackName,
              TemplatePath: n.templatePath,
              RoleArn: deployRole.arn,
              Capabilities: 'CAPABILITY_NAMED_IAM',
            },
          },
          {
            name: 'DeployFiles',
            category: 'Deploy',
            owner: 'AWS',
            provider: 'S3',
            version: '1',
            inputArtifacts: [n.sourceArtifact],
            roleArn: actionRole.arn,
            // After the stack so executions are deterministic; AWS runs equal runOrders in parallel.
            runOrder: 2,
            configuration: { BucketName: deployBucket.bucket, Extract: 'true' },
          },
        ],
      },
    ],
    // CodePipeline checks at creation that its role may assume each action role: the grants must exist first.
    dependsOn: [pipelineRolePolicyResource, actionRolePolicyResource].filter((r): r is IamRolePolicy => r !== undefined),
  });

  return {
    stack,
    options: o,
    providers: { pipeline: pipelineProvider, target: targetProvider },
    key,
    artifactBucket,
    sourceBucket,
    deployBucket,
    pipelineRole,
    actionRole,
    deployRole,
    pipeline,
  };
}

/** Builds the reference setup in a fresh App and returns its Terraform JSON (nothing written to disk). */
export function synthReferenceSetup(input: ReferenceSetupInput = {}): TerraformJson {
  const app = scratchApp();
  return synthStack(buildReferenceSetup(app, input).stack);
}
