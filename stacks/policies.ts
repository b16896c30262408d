/**
 * The policy documents of the reference setup, one statement per grant, built as plain JSON objects.
 * Statements follow AWS's cross-account CodePipeline guide
 * (https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation) and the seeds' bucket/key policies.
 * Values may be CDKTF tokens (key ARN, role ARNs) so Terraform orders the writes; JSON.stringify keeps tokens as
 * `${aws_x.y.arn}` interpolations in the synthesized string.
 * Deviations: none (pure data).
 */
import { referenceArns, type ReferenceSetupOptions } from './options.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * AWS's walkthrough grants a key user the console's "Allow use of the key" actions (DescribeKey, GenerateDataKey*,
 * Encrypt, ReEncrypt*, Decrypt). What S3 asks KMS for as the requester of an SSE-KMS object
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms): writing one
 * needs kms:GenerateDataKey, reading one kms:Decrypt. DescribeKey, Encrypt and ReEncrypt* serve no artifact hop.
 * Known limit: a multipart upload also needs kms:Decrypt; xacct's artifact writes are single PutObjects.
 */
export const KEY_WRITE_ACTIONS = ['kms:GenerateDataKey*'];
export const KEY_READ_ACTIONS = ['kms:Decrypt'];

const doc = (statements: Array<PolicyStatement | false>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements.filter((s): s is PolicyStatement => s !== false),
});

const root = (account: string) => `arn:aws:iam::${account}:root`;

/** Resources the KMS statements in identity policies name: the customer key, or any key of the account (aws/s3). */
export function keyResource(o: ReferenceSetupOptions, keyArn: string | undefined): string {
  return keyArn ?? `arn:aws:kms:${o.region}:${o.pipelineAccount}:key/*`;
}

export function keyPolicy(o: ReferenceSetupOptions, pipelineRoleArn: string): PolicyDocument {
  const g = o.grants;
  return doc([
    g.keyPolicyAccountRoot && {
      Sid: 'EnableAccountRootPermissions',
      Effect: 'Allow',
      Principal: { AWS: root(o.pipelineAccount) },
      Action: 'kms:*',
      Resource: '*',
    },
    // The pipeline role reads the source object (encrypted with this key) and writes the source artifact; every
    // action that reads an artifact runs as the action role.
    g.keyPolicyPipelineRole && {
      Sid: 'AllowPipelineRoleUseOfKey',
      Effect: 'Allow',
      Principal: { AWS: pipelineRoleArn },
      Action: [...KEY_WRITE_ACTIONS, ...KEY_READ_ACTIONS],
      Resource: '*',
    },
    g.keyPolicyTargetAccount && {
      Sid: 'AllowTargetAccountUseOfKey',
      Effect: 'Allow',
      Principal: { AWS: root(o.targetAccount) },
      Action: g.keyPolicyTargetActions,
      Resource: '*',
    },
    g.keyPolicyExplicitDeny !== false && {
      Sid: 'ExplicitDeny',
      Effect: 'Deny',
      Principal: { AWS: g.keyPolicyExplicitDeny.principals },
      Action: g.keyPolicyExplicitDeny.actions,
      Resource: '*',
    },
  ]);
}

export function artifactBucketPolicy(o: ReferenceSetupOptions): PolicyDocument {
  const g = o.grants;
  const arns = referenceArns(o);
  return doc([
    g.bucketPolicyDenyUnencrypted && {
      Sid: 'DenyUnEncryptedObjectUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${arns.artifactBucket}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    g.bucketPolicyDenyInsecureTransport && {
      Sid: 'DenyInsecureConnections',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${arns.artifactBucket}/*`,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    // AWS's walkthrough also grants the target account s3:Put* and s3:ListBucket. Put* serves an action of that account
    // that writes an output artifact (xacct check derives that write hop when a pipeline has one), and the reference
    // pipeline has none; no action of the pipeline lists the bucket.
    g.bucketPolicyTargetAccount && {
      Sid: 'AllowTargetAccountObjects',
      Effect: 'Allow',
      Principal: { AWS: root(o.targetAccount) },
      Action: 's3:Get*',
      Resource: `${arns.artifactBucket}/*`,
    },
  ]);
}

export function serviceTrust(service: string): PolicyDocument {
  return doc([{ Sid: 'TrustService', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);
}

/** A trust policy naming only the role's own account: the role exists but the removed principal cannot assume it. */
export function ownAccountTrust(account: string): PolicyDocument {
  return doc([{ Sid: 'TrustOwnAccount', Effect: 'Allow', Principal: { AWS: root(account) }, Action: 'sts:AssumeRole' }]);
}

export function pipelineRolePolicy(o: ReferenceSetupOptions, keyArn: string | undefined): PolicyDocument {
  const g = o.grants;
  const arns = referenceArns(o);
  return doc([
    g.pipelineRoleS3 && {
      Sid: 'ArtifactAndSourceBuckets',
      Effect: 'Allow',
      Action: 's3:*',
      Resource: [arns.artifactBucket, `${arns.artifactBucket}/*`, arns.sourceBucket, `${arns.sourceBucket}/*`],
    },
    g.pipelineRoleKms && { Sid: 'UseArtifactKey', Effect: 'Allow', Action: [...KEY_WRITE_ACTIONS, ...KEY_READ_ACTIONS], Resource: keyResource(o, keyArn) },
    g.pipelineRoleAssumeTargetRoles && {
      Sid: 'AssumeTargetAccountRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: `arn:aws:iam::${o.targetAccount}:role/*`,
    },
    g.pipelineRolePassRole && { Sid: 'PassRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
  ]);
}

/**
 * The action role trusts the pipeline role itself, not the pipeline account's root: AWS's walkthrough
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html) names AccountA's
 * root, which lets any principal of AccountA that its own IAM allows sts:AssumeRole take the action role; naming the
 * role ARN (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles)
 * keeps every other principal of the pipeline account out, which `xacct check` probes ("bystander-assumes").
 * `pipelineRoleArn` may be a CDKTF token: Terraform then creates the pipeline role first, as IAM requires of a role
 * principal named in a trust policy.
 */
export function actionRoleTrust(o: ReferenceSetupOptions, pipelineRoleArn: string): PolicyDocument {
  const g = o.grants;
  if (!g.actionRoleTrustPipelineAccount) return ownAccountTrust(o.targetAccount);
  return doc([
    {
      Sid: 'TrustPipelineRole',
      Effect: 'Allow',
      Principal: { AWS: pipelineRoleArn },
      Action: 'sts:AssumeRole',
      ...(g.actionRoleExternalId !== false ? { Condition: { StringEquals: { 'sts:ExternalId': g.actionRoleExternalId } } } : {}),
    },
  ]);
}

export function actionRolePolicy(o: ReferenceSetupOptions, keyArn: string | undefined): PolicyDocument {
  const g = o.grants;
  const arns = referenceArns(o);
  return doc([
    g.actionRoleCloudFormation && { Sid: 'CloudFormation', Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' },
    g.actionRolePassDeployRole && { Sid: 'PassDeployRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: arns.deployRole },
    // AWS's walkthrough (and the seed) also grant s3:Put* for output artifacts and s3:ListBucket: no action of the
    // target account writes an artifact, none lists the bucket.
    g.actionRoleArtifactBucketRead && {
      Sid: 'ReadArtifacts',
      Effect: 'Allow',
      Action: 's3:Get*',
      Resource: `${arns.artifactBucket}/*`,
    },
    // The action role only reads artifacts: no action of the target account writes one.
    g.actionRoleKms && { Sid: 'UseArtifactKey', Effect: 'Allow', Action: KEY_READ_ACTIONS, Resource: keyResource(o, keyArn) },
    // The S3 deploy action puts the objects (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3Deploy.html);
    // s3:PutObjectAcl serves only its CannedACL setting, which the reference pipeline does not set, and it neither
    // lists the bucket nor asks its location.
    g.actionRoleDeployBucketWrite && {
      Sid: 'WriteDeployBucket',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${arns.deployBucket}/*`,
    },
  ]);
}

export function deployRoleTrust(o: ReferenceSetupOptions): PolicyDocument {
  if (o.grants.deployRoleTrustCloudFormation) return serviceTrust('cloudformation.amazonaws.com');
  return ownAccountTrust(o.deployRoleAccount === 'target' ? o.targetAccount : o.pipelineAccount);
}

export const DEPLOY_ROLE_IAM_ACTIONS = [
  'iam:GetRole',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:GetRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:TagRole',
  'iam:PassRole',
];

export function deployRolePolicy(o: ReferenceSetupOptions): PolicyDocument {
  const g = o.grants;
  return doc([
    g.deployRoleS3 && { Sid: 'AppBuckets', Effect: 'Allow', Action: 's3:*', Resource: '*' },
    g.deployRoleIam && { Sid: 'AppRoles', Effect: 'Allow', Action: DEPLOY_ROLE_IAM_ACTIONS, Resource: '*' },
  ]);
}
