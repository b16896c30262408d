/**
 * CodeCommit repositories: CreateRepository, GetRepository, UpdateRepositoryDescription, DeleteRepository,
 * ListRepositories.
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateRepository.html (and the pages of the others)
 * DeleteRepository of a repository that does not exist succeeds without a repositoryId ("If a specified repository
 * was already deleted, a null repository ID is returned", API_DeleteRepository.html).
 * ListRepositories is authorized on "*" (the permissions reference lists it without a resource).
 * Known deviations: ListRepositories answers every repository in one page (no nextToken, so any token given is
 * refused as not valid); tags are stored but
 * TagResource and ListTagsForResource are not implemented.
 */
import { randomUUID } from 'node:crypto';
import type { RepositoryMetadata } from '@aws-sdk/client-codecommit';
import type { CodeCommitOperation } from './operation-names.js';
import { RepositoryNameExistsException } from './errors.js';
import { existing, noContinuation, repositoryCheck, repositoryRef, type RepositoryRef } from './repository-ref.js';
import { cloneUrls, codecommitStore, SERVICE, type Repository } from './store.js';

export function repositoryMetadata(repo: Repository): RepositoryMetadata {
  return {
    accountId: repo.account,
    repositoryId: repo.id,
    repositoryName: repo.name,
    ...(repo.description !== undefined ? { repositoryDescription: repo.description } : {}),
    ...(repo.defaultBranch !== undefined ? { defaultBranch: repo.defaultBranch } : {}),
    lastModifiedDate: repo.lastModified,
    creationDate: repo.created,
    ...cloneUrls(repo.region, repo.name),
    Arn: repo.arn,
    ...(repo.kmsKeyId !== undefined ? { kmsKeyId: repo.kmsKeyId } : {}),
  };
}

const CreateRepository: CodeCommitOperation<'CreateRepository', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('CreateRepository'),
  handler(ctx, input, ref) {
    if (ref.repo) throw RepositoryNameExistsException(ref.name);
    const now = ctx.now();
    const repo: Repository = {
      name: ref.name,
      id: randomUUID(),
      account: ref.account,
      region: ctx.region,
      arn: ref.arn,
      description: input.repositoryDescription,
      kmsKeyId: input.kmsKeyId,
      created: now,
      lastModified: now,
      branches: new Map(),
      commits: new Map(),
      blobs: new Map(),
      tags: new Map(Object.entries(input.tags ?? {})),
    };
    codecommitStore(ctx.world.account(ref.account)!, ctx.region).repositories.set(repo.name, repo);
    return { repositoryMetadata: repositoryMetadata(repo) };
  },
};

const GetRepository: CodeCommitOperation<'GetRepository', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('GetRepository'),
  handler: (_ctx, _input, ref) => ({ repositoryMetadata: repositoryMetadata(existing(ref)) }),
};

const UpdateRepositoryDescription: CodeCommitOperation<'UpdateRepositoryDescription', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('UpdateRepositoryDescription'),
  handler(ctx, input, ref) {
    const repo = existing(ref);
    repo.description = input.repositoryDescription;
    repo.lastModified = ctx.now();
    return {};
  },
};

const DeleteRepository: CodeCommitOperation<'DeleteRepository', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('DeleteRepository'),
  handler(ctx, _input, ref) {
    if (!ref.repo) return {};
    codecommitStore(ctx.world.account(ref.account)!, ctx.region).repositories.delete(ref.name);
    return { repositoryId: ref.repo.id };
  },
};

const ListRepositories: CodeCommitOperation<'ListRepositories'> = {
  resolve: (_ctx, input) => noContinuation(input.nextToken),
  authorize: () => ({ action: `${SERVICE}:ListRepositories`, resource: '*' }),
  handler(ctx, input) {
    const owner = ctx.world.account(ctx.principal.account ?? '');
    const repos = owner ? [...codecommitStore(owner, ctx.region).repositories.values()] : [];
    const byDate = input.sortBy === 'lastModifiedDate';
    repos.sort((a, b) => (byDate ? a.lastModified.getTime() - b.lastModified.getTime() : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (input.order === 'descending') repos.reverse();
    return { repositories: repos.map((r) => ({ repositoryName: r.name, repositoryId: r.id })) };
  },
};

export const repositoryOperations = { CreateRepository, GetRepository, UpdateRepositoryDescription, DeleteRepository, ListRepositories };
