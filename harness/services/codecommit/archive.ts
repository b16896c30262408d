/**
 * UploadArchive and GetUploadArchiveStatus: what CodePipeline's CodeCommit source action asks of CodeCommit, as the
 * action's principal, to get a commit's tree into the pipeline's artifact store.
 * They are IAM permissions only, with no public API operation: the permissions reference says of
 * codecommit:UploadArchive "Required to allow the service role for CodePipeline to upload repository changes into a
 * pipeline. This is an IAM policy permission only, not an API action that you can call", and likewise of
 * GetUploadArchiveStatus ("…determine the status of an archive upload…"), and @aws-sdk/client-codecommit has no
 * command for either (https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-permissions-reference.html).
 * xacct declares them as operations so the source action's checks go through the request path (authorized as that
 * principal, a denial recorded and explained like any other), but only for calls made inside the emulator: a request
 * sent to CodeCommit's endpoint (its X-Amz-Target names CodeCommit_20150413) is answered as the public endpoint answers an operation it does
 * not have, 400 UnknownOperationException with an empty message, before any authorization.
 * UploadArchive answers the commit's files, which the source action zips and writes into the artifact store itself
 * (codepipeline/actions/codecommit-source.ts); GetUploadArchiveStatus answers COMPLETE (the archive is made at once).
 * Known deviation: CancelUploadArchive (also IAM-only) is never needed, so never checked.
 */
import type { Operation, OperationContext } from '../types.js';
import { CommitIdDoesNotExistException, CommitIdRequiredException, UnknownOperationException } from './errors.js';
import { existing, repositoryCheck, repositoryRef, type RepositoryRef } from './repository-ref.js';
import { TARGET_PREFIX, type FileMode } from './store.js';

export interface UploadArchiveInput {
  repositoryName: string;
  commitId: string;
}

export interface ArchiveFile {
  path: string;
  mode: FileMode;
  content: Uint8Array;
}

export interface UploadArchiveOutput {
  archiveId: string;
  commitId: string;
  files: ArchiveFile[];
}

export interface GetUploadArchiveStatusInput {
  repositoryName: string;
  archiveId: string;
}

export interface GetUploadArchiveStatusOutput {
  status: 'COMPLETE';
}

/** A call to CodeCommit's own endpoint names it in X-Amz-Target; a call made inside the emulator does not. */
function internalOnly(ctx: OperationContext, name: string): RepositoryRef {
  if (ctx.request.headers['x-amz-target']?.startsWith(`${TARGET_PREFIX}.`)) throw UnknownOperationException();
  return repositoryRef(ctx, name);
}

const UploadArchive: Operation<UploadArchiveInput, UploadArchiveOutput, RepositoryRef> = {
  resolve(ctx, input) {
    const ref = internalOnly(ctx, input.repositoryName);
    if (!input.commitId) throw CommitIdRequiredException();
    return ref;
  },
  authorize: repositoryCheck('UploadArchive'),
  handler(_ctx, input, ref) {
    const repo = existing(ref);
    const commit = repo.commits.get(input.commitId);
    if (!commit) throw CommitIdDoesNotExistException();
    const files = [...commit.files].map(([path, f]) => ({ path, mode: f.mode, content: repo.blobs.get(f.blobId)! }));
    return { archiveId: commit.commitId, commitId: commit.commitId, files };
  },
};

const GetUploadArchiveStatus: Operation<GetUploadArchiveStatusInput, GetUploadArchiveStatusOutput, RepositoryRef> = {
  resolve: (ctx, input) => internalOnly(ctx, input.repositoryName),
  authorize: repositoryCheck('GetUploadArchiveStatus'),
  handler(_ctx, _input, ref) {
    existing(ref);
    return { status: 'COMPLETE' };
  },
};

export const archiveOperations = { UploadArchive, GetUploadArchiveStatus };
