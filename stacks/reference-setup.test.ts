/**
 * Stack tests for the reference setup with cdktf's Testing.synth and its matchers: every grant is present by
 * default and disappears alone when switched off. Source of the grants: AWS knowledge-center guide
 * https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation and /work/shared/seeds/001 (bucket policy).
 */
import { describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { buildReferenceSetup, emulatorProvider, synthReferenceSetup } from './reference-setup.js';
import { DEFAULT_GRANTS, resolveOptions, type Grants, type ReferenceSetupInput } from './options.js';
import type { PolicyDocument } from './policies.js';

expect.extend({
  toHaveResource(received: string, type: { tfResourceType: string }) {
    const pass = Testing.toHaveResource(received, type.tfResourceType);
    return { pass, message: () => `expected ${pass ? 'no ' : ''}${type.tfResourceType} in the synthesized stack` };
  },
  toHaveResourceWithProperties(received: string, type: { tfResourceType: string }, props: Record<string, unknown>) {
    const pass = Testing.toHaveResourceWithProperties(received, type.tfResourceType, props);
    return { pass, message: () => `expected ${pass ? 'no ' : ''}${type.tfResourceType} with ${JSON.stringify(props)}` };
  },
});

declare module 'vitest' {
  interface Assertion<T> {
    toHaveResource(type: { tfResourceType: string }): T;
    toHaveResourceWithProperties(type: { tfResourceType: string }, props: Record<string, unknown>): T;
  }
}

const synth = (input: ReferenceSetupInput = {}) => Testing.synth(buildReferenceSetup(Testing.app(), input).stack);

type Parsed = { resource: Record<string, Record<string, Record<string, unknown>>> };
const policyOf = (synthesized: string, type: string, name: string, attr: string): PolicyDocument | undefined => {
  const r = (JSON.parse(synthesized) as Parsed).resource[type]?.[name];
  return r ? (JSON.parse(r[attr] as string) as PolicyDocument) : undefined;
};
const sids = (doc: PolicyDocument | undefined) => (doc ? doc.Statement.map((s) => s.Sid) : []);

const defaults = synth();

describe('reference setup: resources and names', () => {
  it('configures one provider per account for the emulator', () => {
    for (const [alias, account] of [['pipeline', '111111111111'], ['target', '222222222222']]) {
      expect(Testing.toHaveProviderWithProperties(defaults, AwsProvider.tfResourceType, {
        alias,
        access_key: account,
        secret_key: 'test',
        region: 'us-east-1',
        skip_credentials_validation: true,
        s3_use_path_style: true,
      })).toBe(true);
    }
  });

  it('creates the key, its alias and the buckets with the contract names', () => {
    expect(defaults).toHaveResource(KmsKey);
    expect(defaults).toHaveResourceWithProperties(KmsAlias, { name: 'alias/codepipeline-artifacts', provider: 'aws.pipeline' });
    expect(defaults).toHaveResourceWithProperties(S3Bucket, { bucket: 'xacct-artifacts-111111111111', provider: 'aws.pipeline' });
    expect(defaults).toHaveResourceWithProperties(S3Bucket, { bucket: 'xacct-source-111111111111', provider: 'aws.pipeline' });
    expect(defaults).toHaveResourceWithProperties(S3Bucket, { bucket: 'xacct-deploy-222222222222', provider: 'aws.target' });
    expect(defaults).toHaveResourceWithProperties(S3BucketVersioningA, { bucket: '${aws_s3_bucket.artifact_bucket.id}', versioning_configuration: { status: 'Enabled' } });
    expect(defaults).toHaveResourceWithProperties(S3BucketVersioningA, { bucket: '${aws_s3_bucket.source_bucket.id}', versioning_configuration: { status: 'Enabled' } });
    expect(defaults).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(defaults).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: '${aws_s3_bucket.artifact_bucket.id}',
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.artifact_key.arn}' } }],
    });
    // Sources are encrypted with the artifact key too, as the bundled scenarios upload them.
    expect(defaults).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      bucket: '${aws_s3_bucket.source_bucket.id}',
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.artifact_key.arn}' } }],
    });
  });

  it('creates the three roles in the right accounts', () => {
    expect(defaults).toHaveResourceWithProperties(IamRole, { name: 'codepipeline-service-role', provider: 'aws.pipeline' });
    expect(defaults).toHaveResourceWithProperties(IamRole, { name: 'cross-account-action-role', provider: 'aws.target' });
    expect(defaults).toHaveResourceWithProperties(IamRole, { name: 'cloudformation-deploy-role', provider: 'aws.target' });
    expect(policyOf(defaults, 'aws_iam_role', 'pipeline_role', 'assume_role_policy')?.Statement[0].Principal).toEqual({ Service: 'codepipeline.amazonaws.com' });
    expect(policyOf(defaults, 'aws_iam_role', 'deploy_role', 'assume_role_policy')?.Statement[0].Principal).toEqual({ Service: 'cloudformation.amazonaws.com' });
    expect(policyOf(defaults, 'aws_iam_role', 'action_role', 'assume_role_policy')?.Statement[0]).toEqual({
      Sid: 'TrustPipelineRole',
      Effect: 'Allow',
      Principal: { AWS: '${aws_iam_role.pipeline_role.arn}' },
      Action: 'sts:AssumeRole',
    });
  });

  it('defines the pipeline: S3 source, CloudFormation and S3 deploy actions run as the target action role', () => {
    expect(defaults).toHaveResourceWithProperties(Codepipeline, {
      name: 'xacct-pipeline',
      provider: 'aws.pipeline',
      role_arn: '${aws_iam_role.pipeline_role.arn}',
      artifact_store: [{ location: '${aws_s3_bucket.artifact_bucket.bucket}', type: 'S3', encryption_key: { id: '${aws_kms_key.artifact_key.arn}', type: 'KMS' } }],
      stage: [
        {
          name: 'Source',
          action: [{
            category: 'Source', owner: 'AWS', provider: 'S3', version: '1', output_artifacts: ['SourceArtifact'],
            configuration: { S3Bucket: '${aws_s3_bucket.source_bucket.bucket}', S3ObjectKey: 'app.zip' },
          }],
        },
        {
          name: 'Deploy',
          action: [
            {
              category: 'Deploy', provider: 'CloudFormation', input_artifacts: ['SourceArtifact'], role_arn: '${aws_iam_role.action_role.arn}',
              configuration: {
                ActionMode: 'CREATE_UPDATE', StackName: 'xacct-app', TemplatePath: 'SourceArtifact::template.yaml',
                RoleArn: '${aws_iam_role.deploy_role.arn}', Capabilities: 'CAPABILITY_NAMED_IAM',
              },
            },
            {
              category: 'Deploy', provider: 'S3', input_artifacts: ['SourceArtifact'], role_arn: '${aws_iam_role.action_role.arn}',
              configuration: { BucketName: '${aws_s3_bucket.deploy_bucket.bucket}', Extract: 'true' },
            },
          ],
        },
      ],
    });
    expect(defaults).toHaveResourceWithProperties(Codepipeline, {
      depends_on: ['aws_iam_role_policy.pipeline_role_policy', 'aws_iam_role_policy.action_role_policy'],
    });
  });

  it('synthReferenceSetup returns the same resources as an object, with the stack name in its metadata', () => {
    const tf = synthReferenceSetup() as { '//': { metadata: { stackName: string } }; resource: Record<string, unknown> };
    expect(tf['//'].metadata.stackName).toBe('xacct-reference');
    expect(Object.keys(tf.resource).sort()).toEqual([
      'aws_codepipeline', 'aws_iam_role', 'aws_iam_role_policy', 'aws_kms_alias', 'aws_kms_key', 'aws_s3_bucket',
      'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_policy', 'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
  });

  it('Testing.synthScope: an emulator provider is configured with the account id as access key', () => {
    const scoped = Testing.synthScope((scope) => {
      emulatorProvider(scope, 'target', '333333333333', resolveOptions({ targetAccount: '333333333333' }));
    });
    expect(Testing.toHaveProviderWithProperties(scoped, AwsProvider.tfResourceType, { alias: 'target', access_key: '333333333333' })).toBe(true);
  });
});

/** Where each grant lives: resource, attribute, statement Sid. */
const GRANT_STATEMENTS: Array<[keyof Grants, string, string, string, string | string[]]> = [
  ['keyPolicyAccountRoot', 'aws_kms_key', 'artifact_key', 'policy', 'EnableAccountRootPermissions'],
  ['keyPolicyPipelineRole', 'aws_kms_key', 'artifact_key', 'policy', 'AllowPipelineRoleUseOfKey'],
  ['keyPolicyTargetAccount', 'aws_kms_key', 'artifact_key', 'policy', 'AllowTargetAccountUseOfKey'],
  ['bucketPolicyTargetAccount', 'aws_s3_bucket_policy', 'artifact_bucket_policy', 'policy', 'AllowTargetAccountObjects'],
  ['bucketPolicyDenyUnencrypted', 'aws_s3_bucket_policy', 'artifact_bucket_policy', 'policy', 'DenyUnEncryptedObjectUploads'],
  ['bucketPolicyDenyInsecureTransport', 'aws_s3_bucket_policy', 'artifact_bucket_policy', 'policy', 'DenyInsecureConnections'],
  ['pipelineRoleS3', 'aws_iam_role_policy', 'pipeline_role_policy', 'policy', 'ArtifactAndSourceBuckets'],
  ['pipelineRoleAssumeTargetRoles', 'aws_iam_role_policy', 'pipeline_role_policy', 'policy', 'AssumeTargetAccountRoles'],
  ['actionRoleTrustPipelineAccount', 'aws_iam_role', 'action_role', 'assume_role_policy', 'TrustPipelineRole'],
  ['actionRoleCloudFormation', 'aws_iam_role_policy', 'action_role_policy', 'policy', 'CloudFormation'],
  ['actionRolePassDeployRole', 'aws_iam_role_policy', 'action_role_policy', 'policy', 'PassDeployRole'],
  ['actionRoleArtifactBucketRead', 'aws_iam_role_policy', 'action_role_policy', 'policy', 'ReadArtifacts'],
  ['actionRoleKms', 'aws_iam_role_policy', 'action_role_policy', 'policy', 'UseArtifactKey'],
  ['actionRoleDeployBucketWrite', 'aws_iam_role_policy', 'action_role_policy', 'policy', 'WriteDeployBucket'],
  ['deployRoleTrustCloudFormation', 'aws_iam_role', 'deploy_role', 'assume_role_policy', 'TrustService'],
  ['deployRoleS3', 'aws_iam_role_policy', 'deploy_role_policy', 'policy', 'AppBuckets'],
  ['deployRoleIam', 'aws_iam_role_policy', 'deploy_role_policy', 'policy', 'AppRoles'],
];

/** Grants the least-privilege reference setup leaves out (`xacct check` finds no hop needs them), for variants. */
const OPT_IN_STATEMENTS: Array<[keyof Grants, string, string, string, string]> = [
  ['pipelineRoleKms', 'aws_iam_role_policy', 'pipeline_role_policy', 'policy', 'UseArtifactKey'],
  ['pipelineRolePassRole', 'aws_iam_role_policy', 'pipeline_role_policy', 'policy', 'PassRoles'],
];

describe('reference setup: every grant', () => {
  it('the table covers every grant that is on by default', () => {
    const booleans = Object.entries(DEFAULT_GRANTS).filter(([, v]) => v === true).map(([k]) => k).sort();
    expect(GRANT_STATEMENTS.map(([g]) => g).sort()).toEqual(booleans);
    const off = Object.entries(DEFAULT_GRANTS).filter(([, v]) => v === false).map(([k]) => k);
    expect(OPT_IN_STATEMENTS.map(([g]) => g).every((g) => off.includes(g))).toBe(true);
  });

  it.each(GRANT_STATEMENTS)('%s is granted by default and removed alone when off', (grant, type, name, attr, sidOrSids) => {
    const removed = [sidOrSids].flat();
    const before = sids(policyOf(defaults, type, name, attr));
    expect(before).toEqual(expect.arrayContaining(removed));
    const variant = synth({ grants: { [grant]: false } });
    const after = sids(policyOf(variant, type, name, attr));
    // Trust policies keep the role assumable by its own account so the role still exists.
    const replacement = attr === 'assume_role_policy' ? ['TrustOwnAccount'] : [];
    expect(after).toEqual([...before.filter((s) => !removed.includes(s)), ...replacement]);
  });

  it.each(OPT_IN_STATEMENTS)('%s is off by default and adds its statement alone when on', (grant, type, name, attr, sid) => {
    const before = sids(policyOf(defaults, type, name, attr));
    expect(before).not.toContain(sid);
    const after = sids(policyOf(synth({ grants: { [grant]: true } }), type, name, attr));
    expect(after.filter((s) => s !== sid)).toEqual(before);
    expect(after).toContain(sid);
  });

  it('keyPolicyTargetAccount: false removes the target account from the key policy and nothing else', () => {
    const variant = synth({ grants: { keyPolicyTargetAccount: false } });
    expect(policyOf(variant, 'aws_kms_key', 'artifact_key', 'policy')?.Statement.map((s) => s.Principal)).toEqual([
      { AWS: 'arn:aws:iam::111111111111:root' },
      { AWS: '${aws_iam_role.pipeline_role.arn}' },
    ]);
    const strip = (s: string) => { const j = JSON.parse(s); delete j.resource.aws_kms_key; return j; };
    expect(strip(variant)).toEqual(strip(defaults));
  });

  it('keyPolicyTargetActions changes the actions granted to the target account', () => {
    const variant = synth({ grants: { keyPolicyTargetActions: ['kms:Encrypt'] } });
    const st = policyOf(variant, 'aws_kms_key', 'artifact_key', 'policy')?.Statement.find((s) => s.Sid === 'AllowTargetAccountUseOfKey');
    expect(st?.Action).toEqual(['kms:Encrypt']);
  });

  it('keyPolicyExplicitDeny adds a Deny statement', () => {
    const variant = synth({ grants: { keyPolicyExplicitDeny: { principals: ['arn:aws:iam::222222222222:root'], actions: ['kms:Decrypt'] } } });
    expect(policyOf(variant, 'aws_kms_key', 'artifact_key', 'policy')?.Statement.at(-1)).toEqual({
      Sid: 'ExplicitDeny', Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::222222222222:root'] }, Action: ['kms:Decrypt'], Resource: '*',
    });
  });

  it('actionRoleExternalId adds an sts:ExternalId condition to the trust policy', () => {
    const variant = synth({ grants: { actionRoleExternalId: 'xacct-ext' } });
    expect(policyOf(variant, 'aws_iam_role', 'action_role', 'assume_role_policy')?.Statement[0].Condition).toEqual({
      StringEquals: { 'sts:ExternalId': 'xacct-ext' },
    });
  });

  it('removing the root statement sets bypass_policy_lockout_safety_check, as AWS requires', () => {
    expect(synth({ grants: { keyPolicyAccountRoot: false } })).toHaveResourceWithProperties(KmsKey, { bypass_policy_lockout_safety_check: true });
    expect(defaults).toHaveResourceWithProperties(KmsKey, { bypass_policy_lockout_safety_check: false });
  });

  it('drops a policy resource whose statements are all removed', () => {
    const variant = synth({ grants: { bucketPolicyTargetAccount: false, bucketPolicyDenyUnencrypted: false, bucketPolicyDenyInsecureTransport: false } });
    expect(variant).not.toHaveResource(S3BucketPolicy);
  });
});

describe('reference setup: structural variants', () => {
  it('deployRoleAccount: pipeline puts the CloudFormation role in the pipeline account', () => {
    const variant = synth({ deployRoleAccount: 'pipeline' });
    expect(variant).toHaveResourceWithProperties(IamRole, { name: 'cloudformation-deploy-role', provider: 'aws.pipeline' });
    expect(variant).toHaveResourceWithProperties(IamRolePolicy, { name: 'cloudformation-deploy-role-policy', provider: 'aws.pipeline' });
    const st = policyOf(variant, 'aws_iam_role_policy', 'action_role_policy', 'policy')?.Statement.find((s) => s.Sid === 'PassDeployRole');
    expect(st?.Resource).toBe('arn:aws:iam::111111111111:role/cloudformation-deploy-role');
  });

  it('artifactKey: aws-managed creates no key and lets S3 use aws/s3', () => {
    const variant = synth({ artifactKey: 'aws-managed' });
    expect(variant).not.toHaveResource(KmsKey);
    expect(variant).not.toHaveResource(KmsAlias);
    expect(variant).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
    });
    const store = (JSON.parse(variant) as Parsed).resource.aws_codepipeline.pipeline.artifact_store as Array<Record<string, unknown>>;
    expect(store[0].encryption_key).toBeUndefined();
  });

  it('account ids and names are parameters', () => {
    const variant = synth({ pipelineAccount: '333333333333', targetAccount: '444444444444', names: { pipeline: 'other' } });
    expect(variant).toHaveResourceWithProperties(S3Bucket, { bucket: 'xacct-artifacts-333333333333' });
    expect(variant).toHaveResourceWithProperties(S3Bucket, { bucket: 'xacct-deploy-444444444444' });
    expect(variant).toHaveResourceWithProperties(Codepipeline, { name: 'other' });
  });

  it('rejects an account id that is not 12 digits', () => {
    expect(() => resolveOptions({ targetAccount: '12' })).toThrow('targetAccount must be a 12-digit account id, got "12"');
  });
});
