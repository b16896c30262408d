/**
 * Source/AWS/CodeCommit: the head of the configured branch (or the commit the execution was started with) becomes
 * the output artifact, written into the artifact store as the acting principal (the action's roleArn session, else
 * the pipeline role's session), encrypted with the store's key as artifacts are.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html
 * As the acting principal, through the request path (a denial is recorded and explained): codecommit:GetBranch,
 * GetCommit, then UploadArchive and GetUploadArchiveStatus, the IAM-only permissions the service role policy
 * reference lists for CodeCommit sources
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role; see
 * codecommit/archive.ts). The artifact is a zip of the commit's tree (CODE_ZIP, the default); the revision is the
 * commit id and its summary the commit message. PollForSourceChanges other than "false" polls the branch
 * (../polling.ts); changes start executions through EventBridge too, or StartPipelineExecution. An execution started with sourceRevisions (COMMIT_ID for this action's
 * name: what an EventBridge rule's input transformer passes from the event's commitId, per the action reference's
 * "source override" note) runs that commit instead of the branch head.
 * Failures, as the console shows them:
 * - E084: a refused CodeCommit check: "Insufficient permissions The service role or action role doesn’t have the
 *   permissions required to access the AWS CodeCommit repository named <repo>. Update the IAM role permissions, and
 *   then try again. Error: <the denial>" (the "Insufficient permissions" summary line as in E083).
 * - E085: a branch that does not exist: "The action failed because no branch named <branch> was found in the
 *   selected AWS CodeCommit repository <repo>. Make sure you are using the correct branch name, and then try again.
 *   Error: null".
 * - the artifact store refusing the write (its bucket, or S3 refused by KMS for the store's key): E083 with S3's
 *   error, which carries KMS's message for a key policy that does not let the principal in.
 * Known deviations: a repository that does not exist and a commit override that does not exist are reported with
 * CodeCommit's own error in the AWS SDK for Java's exception form ("<message> (Service: AWSCodeCommit; Status Code:
 * 400; Error Code: <code>; Request ID: <id>; Proxy: null)", the form a recorded CloudFormation failure of
 * CodeCommit shows: aws-solutions-library-samples/guidance-for-carbon-data-lake-on-aws#50): no recorded console
 * wording of the source action was found. CODEBUILD_CLONE_REF's artifact is not
 * documented: xacct writes a zip holding codecommit-clone-ref.json (repository, branch, commit, clone URL), ours.
 */
import { randomUUID } from 'node:crypto';
import type { GetBranchCommandInput, GetBranchCommandOutput, GetCommitCommandInput, GetCommitCommandOutput } from '@aws-sdk/client-codecommit';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { isAwsError, type AwsError } from '../../../core/errors.js';
import type { Out } from '../../../core/service.js';
import type { GetUploadArchiveStatusInput, UploadArchiveInput, UploadArchiveOutput } from '../../codecommit/archive.js';
import { writeArtifact } from '../artifacts.js';
import { ActionFailure, insufficientS3Permissions, isDenied, s3Error } from '../failures.js';
import type { ActionEnv, ActionHandler } from './types.js';

const CODECOMMIT_PRINCIPAL_CHECKS = ['GetBranch', 'GetCommit', 'UploadArchive', 'GetUploadArchiveStatus'] as const;
type Check = (typeof CODECOMMIT_PRINCIPAL_CHECKS)[number];

function insufficientCodeCommitPermissions(repo: string, e: AwsError): ActionFailure {
  return new ActionFailure(
    `Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the AWS CodeCommit repository named ${repo}. Update the IAM role permissions, and then try again. Error: ${e.message}`,
  );
}

function noSuchBranch(repo: string, branch: string): ActionFailure {
  return new ActionFailure(`The action failed because no branch named ${branch} was found in the selected AWS CodeCommit repository ${repo}. Make sure you are using the correct branch name, and then try again. Error: null`);
}

function codeCommitError(e: AwsError): ActionFailure {
  return new ActionFailure(`${e.message} (Service: AWSCodeCommit; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()}; Proxy: null)`);
}

/** CodeCommit through the request path as the action's principal, its refusals worded as the console shows them. */
async function codecommit<O>(env: ActionEnv, repo: string, branch: string, operation: Check, input: object): Promise<O> {
  try {
    return await env.invoke<O>('codecommit', operation, input, { as: env.principal });
  } catch (e) {
    if (!isAwsError(e)) throw e;
    if (isDenied(e)) throw insufficientCodeCommitPermissions(repo, e);
    if (e.code === 'BranchDoesNotExistException') throw noSuchBranch(repo, branch);
    throw codeCommitError(e);
  }
}

/** The commit the execution was started with for this action (StartPipelineExecution sourceRevisions), if any. */
function requestedCommit(env: ActionEnv): string | undefined {
  const override = env.execution.sourceRevisions?.find((r) => r.actionName === env.declaration.name && r.revisionType === 'COMMIT_ID');
  return override?.revisionValue;
}

/** Unix file modes in the zip's external attributes, as git archive writes them, so executables stay executable. */
function zipOf(files: UploadArchiveOutput['files']): Uint8Array {
  const entries: Zippable = {};
  for (const f of files) entries[f.path] = [f.content, { os: 3, attrs: (f.mode === 'EXECUTABLE' ? 0o100755 : f.mode === 'SYMLINK' ? 0o120777 : 0o100644) << 16 }];
  return zipSync(entries);
}

export const codeCommitSource: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const repositoryName = config['RepositoryName']!;
  const branchName = config['BranchName']!;
  const output = env.declaration.outputArtifacts![0]!.name!;
  const call = <O>(operation: Check, input: object) => codecommit<O>(env, repositoryName, branchName, operation, input);

  const head = await call<Out<GetBranchCommandOutput>>('GetBranch', { repositoryName, branchName } satisfies GetBranchCommandInput);
  const commitId = requestedCommit(env) ?? head.branch!.commitId!;
  const { commit } = await call<Out<GetCommitCommandOutput>>('GetCommit', { repositoryName, commitId } satisfies GetCommitCommandInput);
  const archive = await call<UploadArchiveOutput>('UploadArchive', { repositoryName, commitId } satisfies UploadArchiveInput);
  await call('GetUploadArchiveStatus', { repositoryName, archiveId: archive.archiveId } satisfies GetUploadArchiveStatusInput);

  const bytes =
    config['OutputArtifactFormat'] === 'CODEBUILD_CLONE_REF'
      ? zipSync({ 'codecommit-clone-ref.json': strToU8(JSON.stringify({ repositoryName, branchName, commitId, cloneUrlHttp: `https://git-codecommit.${env.region}.amazonaws.com/v1/repos/${repositoryName}` })) })
      : zipOf(archive.files);
  let location;
  try {
    location = await writeArtifact(env.invoke, env.principal, env.artifactStore, env.pipelineName, output, bytes);
  } catch (e) {
    if (isAwsError(e) && isDenied(e)) throw insufficientS3Permissions(env.artifactStore.location!, e);
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
  const created = commit?.committer?.date ? new Date(Number(commit.committer.date.split(' ')[0]) * 1000) : undefined;
  return {
    externalExecutionId: commitId,
    summary: commit?.message,
    outputs: [{ name: output, location }],
    revision: { name: output, revisionId: commitId, revisionSummary: commit?.message, created },
  };
};
