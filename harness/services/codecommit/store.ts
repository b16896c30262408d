/**
 * CodeCommit's state: repositories per account and Region, each holding its blobs, commits (a commit is a full tree
 * of files, as git's commits are) and branches. https://docs.aws.amazon.com/codecommit/latest/userguide/repositories.html
 * Repository ARN arn:aws:codecommit:<region>:<account>:<name> and clone URLs as GetRepository returns them
 * (https://docs.aws.amazon.com/codecommit/latest/APIReference/API_RepositoryMetadata.html).
 * Known deviations: no tags on commits, no pull requests, approval rules, triggers or merges; repositories have no
 * KMS key of their own (kmsKeyId is accepted and reported, never used).
 */
import type { Account } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'codecommit';

/** The JSON 1.1 X-Amz-Target prefix of CodeCommit's operations. */
export const TARGET_PREFIX = 'CodeCommit_20150413';

export type FileMode = 'NORMAL' | 'EXECUTABLE' | 'SYMLINK';

export interface TreeFile {
  blobId: string;
  mode: FileMode;
}

export interface CommitUser {
  name: string;
  email: string;
  /** git's form, "<epoch seconds> +0000", as GetCommit reports it. */
  date: string;
}

export interface CommitRecord {
  commitId: string;
  treeId: string;
  parents: string[];
  message: string;
  author: CommitUser;
  committer: CommitUser;
  /** Every file of the commit's tree, by path (no leading slash). */
  files: Map<string, TreeFile>;
  /** The tree id of each folder of the commit ('' is the root). */
  folders: Map<string, string>;
}

export interface Repository {
  name: string;
  id: string;
  account: string;
  region: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  created: Date;
  lastModified: Date;
  /** The first branch a commit created; undefined while the repository is empty. */
  defaultBranch?: string;
  branches: Map<string, string>;
  commits: Map<string, CommitRecord>;
  blobs: Map<string, Uint8Array>;
  tags: Map<string, string>;
}

export interface CodeCommitStore {
  repositories: Map<string, Repository>;
}

export function codecommitStore(account: Account, region: string): CodeCommitStore {
  return account.store<CodeCommitStore>(SERVICE, region, () => ({ repositories: new Map() }));
}

export function repositoryArn(region: string, account: string, name: string): string {
  return `arn:aws:${SERVICE}:${region}:${account}:${name}`;
}

export function cloneUrls(region: string, name: string): { cloneUrlHttp: string; cloneUrlSsh: string } {
  return {
    cloneUrlHttp: `https://git-codecommit.${region}.amazonaws.com/v1/repos/${name}`,
    cloneUrlSsh: `ssh://git-codecommit.${region}.amazonaws.com/v1/repos/${name}`,
  };
}

/** The commit a branch points at. */
export function branchHead(repo: Repository, branch: string): CommitRecord | undefined {
  const id = repo.branches.get(branch);
  return id === undefined ? undefined : repo.commits.get(id);
}
