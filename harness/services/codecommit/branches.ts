/**
 * Branches: CreateBranch (a new branch at a commit; emits referenceCreated), GetBranch, ListBranches.
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateBranch.html, API_GetBranch.html,
 * API_ListBranches.html
 * Known deviation: ListBranches answers every branch in one page (no nextToken, so any token given is refused).
 */
import { BranchDoesNotExistException, BranchNameExistsException, CommitDoesNotExistException, CommitIdRequiredException } from './errors.js';
import type { CodeCommitOperation } from './operation-names.js';
import { emitReferenceChange } from './reference-events.js';
import { branchName, existing, noContinuation, repositoryCheck, repositoryRef, type RepositoryRef } from './repository-ref.js';

type BranchRef = RepositoryRef & { branch: string };

const CreateBranch: CodeCommitOperation<'CreateBranch', BranchRef> = {
  resolve(ctx, input) {
    const ref = { ...repositoryRef(ctx, input.repositoryName), branch: branchName(input.branchName) };
    if (input.commitId === undefined || input.commitId === '') throw CommitIdRequiredException();
    return ref;
  },
  authorize: repositoryCheck('CreateBranch'),
  handler(ctx, input, ref) {
    const repo = existing(ref);
    if (repo.branches.has(ref.branch)) throw BranchNameExistsException();
    const commit = repo.commits.get(input.commitId!) ?? repo.commits.get(repo.branches.get(input.commitId!) ?? '');
    if (!commit) throw CommitDoesNotExistException();
    repo.branches.set(ref.branch, commit.commitId);
    repo.lastModified = ctx.now();
    emitReferenceChange(ctx, repo, ref.branch, commit.commitId, undefined);
    return {};
  },
};

const GetBranch: CodeCommitOperation<'GetBranch', BranchRef> = {
  resolve: (ctx, input) => ({ ...repositoryRef(ctx, input.repositoryName), branch: branchName(input.branchName) }),
  authorize: repositoryCheck('GetBranch'),
  handler(_ctx, _input, ref) {
    const commitId = existing(ref).branches.get(ref.branch);
    if (commitId === undefined) throw BranchDoesNotExistException();
    return { branch: { branchName: ref.branch, commitId } };
  },
};

const ListBranches: CodeCommitOperation<'ListBranches', RepositoryRef> = {
  resolve(ctx, input) {
    const ref = repositoryRef(ctx, input.repositoryName);
    noContinuation(input.nextToken);
    return ref;
  },
  authorize: repositoryCheck('ListBranches'),
  handler: (_ctx, _input, ref) => ({ branches: [...existing(ref).branches.keys()].sort() }),
};

export const branchOperations = { CreateBranch, GetBranch, ListBranches };
