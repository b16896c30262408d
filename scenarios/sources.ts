/**
 * What several scenarios share: the documents they come from and AWS's texts they expect. Not a scenario file
 * itself (only `*.scenario.ts` files are run).
 */
import { accountOfArn } from '../harness/check/hops.js';
import { handoff, type Expectation, type HandoffNames, type ScenarioSource } from '../harness/runner/index.js';

export const KC_CLOUDFORMATION: ScenarioSource = {
  title: 'AWS Knowledge Center: deploy a CloudFormation stack in another account with CodePipeline (Korean edition)',
  seed: '000_521672615618a93d.txt',
  url: 'https://repost.aws/knowledge-center/codepipeline-deploy-cloudformation',
};

export const KC_S3_DEPLOY: ScenarioSource = {
  title: 'AWS Knowledge Center: deploy artifacts to an S3 bucket in another account with CodePipeline (French edition)',
  seed: '003_4aeffc2ea4aacb00.txt',
  url: 'https://repost.aws/knowledge-center/codepipeline-artifacts-s3',
};

export const CODEPIPELINE_CROSS_ACCOUNT: ScenarioSource = {
  title: 'AWS CodePipeline User Guide: create a pipeline that uses resources from another AWS account',
  url: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
};

export const EXTERNAL_ID_GUIDE: ScenarioSource = {
  title: 'AWS IAM User Guide: access to AWS accounts owned by third parties (sts:ExternalId)',
  url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
};

/** A role's name, from its ARN (the names come from the applied pipeline, whatever the setup calls its roles). */
export const roleNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** The pipeline role's session, as AWS names it in a refusal (CodePipeline names its sessions, hence `<session>`). */
export const pipelineRoleSession = (n: HandoffNames): string => `arn:aws:sts::${n.pipelineAccount}:assumed-role/${roleNameOf(n.pipelineRoleArn)}/<session>`;

/**
 * The session that writes the artifact the deploy reads, as AWS names it in a refusal: the pipeline role's, or on a
 * pipeline where another action writes it, that action's role or its CodeBuild project's service role (names.writer).
 */
export const artifactWriterSession = (n: HandoffNames): string => {
  const w = handoff.otherWriter(n);
  if (!w) return pipelineRoleSession(n);
  return `arn:aws:sts::${accountOfArn(w.roleArn) ?? n.pipelineAccount}:assumed-role/${roleNameOf(w.roleArn)}/<session>`;
};

/**
 * S3's refusal of the artifact write by the bucket policy's explicit deny: the detailed message naming the writer's
 * session when the writer is in the bucket's (the pipeline's) account, the bare "Access Denied" when it is in another
 * (a source action's role in the repository account): S3 details its refusals to same-account callers only
 * (errors.jsonl E022, E024).
 */
export const artifactWriteExplicitDeny = (n: HandoffNames): string => {
  const w = handoff.otherWriter(n);
  if (w && accountOfArn(w.roleArn) !== n.pipelineAccount) return 'Access Denied';
  return `User: ${artifactWriterSession(n)} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${n.artifactBucket}/<key>" with an explicit deny in a resource-based policy`;
};

/** The bucket of the pipeline's first cross-account S3 deploy action; undefined when it has none. */
export const s3DeployBucket = (n: HandoffNames): string | undefined => (n.targets.some((t) => t.provider === 'S3') ? n.deployBucket : undefined);

/** What S3 answers across accounts when KMS refuses to decrypt an object's data key (errors.jsonl E025). */
export const CIPHERTEXT_REFUSED =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/** S3's suffix on errors as CodePipeline shows them (errors.jsonl E087). */
const S3_SUFFIX = '(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: <request-id>; S3 Extended Request ID: <host-id>)';

/** A whole pipeline run that fails at an action: GetPipelineState's errorDetails carry a code and a message, no HTTP status. */
export function actionFailure(message: Extract<Expectation, { outcome: 'denied' }>['message']): Expectation {
  return { outcome: 'denied', step: 'run-pipeline', code: 'JobFailed', status: undefined, message };
}

/** An action that cannot read its input artifact from S3, as CodePipeline shows it (errors.jsonl E087). */
export function artifactReadFailure(s3Message: string): Expectation {
  return actionFailure(`${s3Message} ${S3_SUFFIX}`);
}
