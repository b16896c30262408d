/**
 * Writes a commit onto a branch, as PutFile and CreateCommit do: the branch's head must be the parent the caller
 * names (an empty repository needs none, and its first commit creates the branch, which becomes the default branch),
 * the files change, the branch moves, and the reference event is emitted.
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateCommit.html and API_PutFile.html
 * ("If this is an empty repository, this branch is created"; parentCommitId "If this is an empty repository, no
 * commit ID is required. If this is not an empty repository, a commit ID is required.")
 * Known deviations: a branch that does not exist in a repository that is not empty is refused with
 * BranchDoesNotExistException (our reading; the API reference lists it for both operations); the author's name and
 * email default to the caller's ARN when not given (what AWS writes then is not recorded here).
 */
import type { OperationContext } from '../types.js';
import {
  BranchDoesNotExistException,
  InvalidPathException,
  ParentCommitDoesNotExistException,
  ParentCommitIdOutdatedException,
  ParentCommitIdRequiredException,
  PathRequiredException,
} from './errors.js';
import { blobId, commitObjectId, gitDate, treeIds } from './git-objects.js';
import { emitReferenceChange } from './reference-events.js';
import type { CommitRecord, FileMode, Repository, TreeFile } from './store.js';

export interface FileChange {
  path: string;
  /** New content; absent with `mode` alone for a mode change, absent with `remove` for a deletion. */
  content?: Uint8Array;
  mode?: FileMode;
  remove?: boolean;
}

export interface CommitMeta {
  name?: string;
  email?: string;
  message?: string;
}

/** A file path as CodeCommit reads it: relative to the root (a leading "/" is dropped), naming a file. */
export function filePath(value: string | undefined): string {
  if (value === undefined || value === '') throw PathRequiredException();
  const path = value.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) throw InvalidPathException();
  return path;
}

/** The branch's head when the parent named is acceptable for a new commit on it; undefined for an empty repository. */
export function parentFor(repo: Repository, branch: string, parentCommitId: string | undefined): CommitRecord | undefined {
  if (repo.commits.size === 0) {
    if (parentCommitId !== undefined && parentCommitId !== '') throw ParentCommitDoesNotExistException();
    return undefined;
  }
  const head = repo.branches.get(branch);
  if (head === undefined) throw BranchDoesNotExistException();
  if (parentCommitId === undefined || parentCommitId === '') throw ParentCommitIdRequiredException();
  if (!repo.commits.has(parentCommitId)) throw ParentCommitDoesNotExistException();
  if (parentCommitId !== head) throw ParentCommitIdOutdatedException();
  return repo.commits.get(head);
}

/** The parent's files with the changes applied (the caller has checked that each change applies). */
export function applyChanges(repo: Repository, parent: CommitRecord | undefined, changes: FileChange[]): Map<string, TreeFile> {
  const files = new Map(parent?.files ?? []);
  for (const c of changes) {
    if (c.remove) {
      files.delete(c.path);
      continue;
    }
    const previous = files.get(c.path);
    if (c.content !== undefined) {
      const id = blobId(c.content);
      repo.blobs.set(id, c.content);
      files.set(c.path, { blobId: id, mode: c.mode ?? previous?.mode ?? 'NORMAL' });
    } else if (previous && c.mode) {
      files.set(c.path, { ...previous, mode: c.mode });
    }
  }
  return files;
}

/** Records the commit, moves (or creates) the branch, and emits the reference event. */
export function commitOnto(ctx: OperationContext, repo: Repository, branch: string, parent: CommitRecord | undefined, files: Map<string, TreeFile>, meta: CommitMeta): CommitRecord {
  const now = ctx.now();
  const user = { name: meta.name ?? ctx.principal.arn, email: meta.email ?? '', date: gitDate(now) };
  const folders = treeIds(files);
  const treeId = folders.get('')!;
  const parents = parent ? [parent.commitId] : [];
  const message = meta.message ?? '';
  const commit: CommitRecord = { commitId: commitObjectId(treeId, parents, user, user, message), treeId, parents, message, author: user, committer: user, files, folders };
  repo.commits.set(commit.commitId, commit);
  const old = repo.branches.get(branch);
  repo.branches.set(branch, commit.commitId);
  repo.defaultBranch ??= branch;
  repo.lastModified = now;
  emitReferenceChange(ctx, repo, branch, commit.commitId, old);
  return commit;
}
