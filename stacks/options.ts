/**
 * Parameters of the reference cross-account setup (pipeline account + target account), as described in
 * AWS's knowledge-center article "deploy CloudFormation stacks in another account with CodePipeline"
 * (https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation) and the seeds in /work/shared/seeds.
 * Every name, account id and single grant is an option so a scenario can build a variant with one grant
 * removed or changed. Defaults are the product's contract names: keep them verbatim.
 * Deviations: none; this file only describes what the stack builds.
 */

/** Each switch adds (true) or leaves out (false) exactly one statement or one policy element. */
export interface Grants {
  /** Key policy: the pipeline account's root gets kms:* (delegates key use to the account's IAM). */
  keyPolicyAccountRoot: boolean;
  /** Key policy: the pipeline role may use the key (kms:Decrypt to read the source, kms:GenerateDataKey* to write the artifact). */
  keyPolicyPipelineRole: boolean;
  /** Key policy: the target account's root may use the key (delegates to the target's IAM). */
  keyPolicyTargetAccount: boolean;
  /** Actions granted to the target account in the key policy (default kms:Decrypt: its actions read artifacts). */
  keyPolicyTargetActions: string[];
  /** Key policy: an explicit Deny statement (off by default). */
  keyPolicyExplicitDeny: false | { principals: string[]; actions: string[] };
  /** Bucket policy on the artifact bucket: the target account may get its objects (s3:Get*). */
  bucketPolicyTargetAccount: boolean;
  /** Bucket policy: deny s3:PutObject unless encrypted with aws:kms. */
  bucketPolicyDenyUnencrypted: boolean;
  /** Bucket policy: deny any request not sent over TLS. */
  bucketPolicyDenyInsecureTransport: boolean;
  /** Pipeline role: s3 on the artifact and source buckets. */
  pipelineRoleS3: boolean;
  /**
   * Pipeline role: use of the artifact key in its own IAM policy. Off by default: the key policy names the pipeline
   * role (keyPolicyPipelineRole), as AWS's walkthrough grants key use to the pipeline's service role
   * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html), so an IAM grant too
   * is redundant (`xacct check` finds it not needed). On: for a key policy that only delegates to the account.
   */
  pipelineRoleKms: boolean;
  /** Pipeline role: sts:AssumeRole on arn:aws:iam::<target>:role/*. */
  pipelineRoleAssumeTargetRoles: boolean;
  /**
   * Pipeline role: iam:PassRole. Off by default: a role is passed by the principal an action runs as, and every action
   * of the reference pipeline that passes one (the CloudFormation deploy) runs as the action role, which holds its own
   * grant (actionRolePassDeployRole). AWS's default service role policy grants it for actions run without a role
   * (https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role).
   */
  pipelineRolePassRole: boolean;
  /** Action role trust policy: the pipeline role may assume it (off: only its own account is trusted). */
  actionRoleTrustPipelineAccount: boolean;
  /** Action role trust policy: require this sts:ExternalId (off by default). */
  actionRoleExternalId: string | false;
  /** Action role: cloudformation:*. */
  actionRoleCloudFormation: boolean;
  /** Action role: iam:PassRole on the CloudFormation deploy role. */
  actionRolePassDeployRole: boolean;
  /** Action role: read the artifact bucket's objects (s3:Get*). */
  actionRoleArtifactBucketRead: boolean;
  /** Action role: kms:Decrypt on the artifact key (it reads artifacts). */
  actionRoleKms: boolean;
  /** Action role: write into the deploy bucket (s3:PutObject). */
  actionRoleDeployBucketWrite: boolean;
  /** Deploy role trust: cloudformation.amazonaws.com (off: only its own account is trusted). */
  deployRoleTrustCloudFormation: boolean;
  /** Deploy role: S3 buckets and objects (what the deployed app creates). */
  deployRoleS3: boolean;
  /** Deploy role: IAM roles (CAPABILITY_NAMED_IAM stacks create roles). */
  deployRoleIam: boolean;
}

export interface ReferenceNames {
  /** Terraform stack name (cdktf.out/stacks/<stack>). */
  stack: string;
  keyAlias: string;
  artifactBucket: string;
  sourceBucket: string;
  deployBucket: string;
  pipelineRole: string;
  actionRole: string;
  deployRole: string;
  pipeline: string;
  sourceObjectKey: string;
  sourceArtifact: string;
  cfnStackName: string;
  templatePath: string;
}

export interface ReferenceSetupOptions {
  pipelineAccount: string;
  targetAccount: string;
  region: string;
  /** Endpoint written into both providers (the emulator); the applier takes its own endpoint. */
  endpoint: string;
  names: ReferenceNames;
  grants: Grants;
  /** Which account holds the CloudFormation deploy role (AWS requires the action role's account). */
  deployRoleAccount: 'target' | 'pipeline';
  /** Artifact store encryption: the customer-managed key, or none (S3 falls back to aws/s3). */
  artifactKey: 'customer' | 'aws-managed';
}

/** What callers pass: any subset; nested objects are merged with the defaults. */
export interface ReferenceSetupInput {
  pipelineAccount?: string;
  targetAccount?: string;
  region?: string;
  endpoint?: string;
  names?: Partial<ReferenceNames>;
  grants?: Partial<Grants>;
  deployRoleAccount?: 'target' | 'pipeline';
  artifactKey?: 'customer' | 'aws-managed';
}

export const DEFAULT_GRANTS: Readonly<Grants> = Object.freeze({
  keyPolicyAccountRoot: true,
  keyPolicyPipelineRole: true,
  keyPolicyTargetAccount: true,
  // The target account's actions only read artifacts (AWS's walkthrough also grants DescribeKey, Encrypt, ReEncrypt*
  // and GenerateDataKey*, which no hop of the pipeline uses).
  keyPolicyTargetActions: ['kms:Decrypt'],
  keyPolicyExplicitDeny: false,
  bucketPolicyTargetAccount: true,
  bucketPolicyDenyUnencrypted: true,
  bucketPolicyDenyInsecureTransport: true,
  pipelineRoleS3: true,
  pipelineRoleKms: false,
  pipelineRoleAssumeTargetRoles: true,
  pipelineRolePassRole: false,
  actionRoleTrustPipelineAccount: true,
  actionRoleExternalId: false,
  actionRoleCloudFormation: true,
  actionRolePassDeployRole: true,
  actionRoleArtifactBucketRead: true,
  actionRoleKms: true,
  actionRoleDeployBucketWrite: true,
  deployRoleTrustCloudFormation: true,
  deployRoleS3: true,
  deployRoleIam: true,
});

export const DEFAULT_PIPELINE_ACCOUNT = '111111111111';
export const DEFAULT_TARGET_ACCOUNT = '222222222222';

export function defaultNames(pipelineAccount: string, targetAccount: string): ReferenceNames {
  return {
    stack: 'xacct-reference',
    keyAlias: 'alias/codepipeline-artifacts',
    artifactBucket: `xacct-artifacts-${pipelineAccount}`,
    sourceBucket: `xacct-source-${pipelineAccount}`,
    deployBucket: `xacct-deploy-${targetAccount}`,
    pipelineRole: 'codepipeline-service-role',
    actionRole: 'cross-account-action-role',
    deployRole: 'cloudformation-deploy-role',
    pipeline: 'xacct-pipeline',
    sourceObjectKey: 'app.zip',
    sourceArtifact: 'SourceArtifact',
    cfnStackName: 'xacct-app',
    templatePath: 'SourceArtifact::template.yaml',
  };
}

/** Fills every option not given with its default; bucket names follow the (possibly changed) account ids. */
export function resolveOptions(input: ReferenceSetupInput = {}): ReferenceSetupOptions {
  const pipelineAccount = input.pipelineAccount ?? DEFAULT_PIPELINE_ACCOUNT;
  const targetAccount = input.targetAccount ?? DEFAULT_TARGET_ACCOUNT;
  for (const [label, id] of [['pipelineAccount', pipelineAccount], ['targetAccount', targetAccount]] as const) {
    if (!/^\d{12}$/.test(id)) throw new Error(`${label} must be a 12-digit account id, got "${id}"`);
  }
  return {
    pipelineAccount,
    targetAccount,
    region: input.region ?? 'us-east-1',
    endpoint: input.endpoint ?? 'http://127.0.0.1:4566',
    names: { ...defaultNames(pipelineAccount, targetAccount), ...input.names },
    grants: { ...DEFAULT_GRANTS, keyPolicyTargetActions: [...DEFAULT_GRANTS.keyPolicyTargetActions], ...input.grants },
    deployRoleAccount: input.deployRoleAccount ?? 'target',
    artifactKey: input.artifactKey ?? 'customer',
  };
}

/** ARNs that follow from names alone (no apply needed). */
export function referenceArns(o: ReferenceSetupOptions) {
  const deployAccount = o.deployRoleAccount === 'target' ? o.targetAccount : o.pipelineAccount;
  return {
    pipelineRole: `arn:aws:iam::${o.pipelineAccount}:role/${o.names.pipelineRole}`,
    actionRole: `arn:aws:iam::${o.targetAccount}:role/${o.names.actionRole}`,
    deployRole: `arn:aws:iam::${deployAccount}:role/${o.names.deployRole}`,
    artifactBucket: `arn:aws:s3:::${o.names.artifactBucket}`,
    sourceBucket: `arn:aws:s3:::${o.names.sourceBucket}`,
    deployBucket: `arn:aws:s3:::${o.names.deployBucket}`,
    pipeline: `arn:aws:codepipeline:${o.region}:${o.pipelineAccount}:${o.names.pipeline}`,
    keyAlias: `arn:aws:kms:${o.region}:${o.pipelineAccount}:${o.names.keyAlias}`,
  };
}
