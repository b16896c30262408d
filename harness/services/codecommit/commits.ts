/**
 * Commits: PutFile (one file, one commit), CreateCommit (several changes, one commit), GetCommit.
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PutFile.html, API_CreateCommit.html,
 * API_GetCommit.html. Checks in the order of the API reference's parameters: repository, branch, parent commit,
 * then the files. Each commit moves its branch and emits the reference event (reference-events.ts).
 * Known deviations: CreateCommit's sourceFile (copy or move of an existing file) and keepEmptyFolders are not
 * implemented (sourceFile is refused as a missing content); file size and count limits are not checked.
 */
import type { FileMetadata } from '@aws-sdk/client-codecommit';
import { applyChanges, commitOnto, filePath, parentFor, type FileChange } from './commit-writer.js';
import {
  CommitIdDoesNotExistException,
  CommitIdRequiredException,
  FileContentRequiredException,
  FileDoesNotExistException,
  FileEntryRequiredException,
  InvalidCommitIdException,
  NoChangeException,
  SameFileContentException,
} from './errors.js';
import { blobId } from './git-objects.js';
import type { CodeCommitOperation } from './operation-names.js';
import { branchName, existing, repositoryCheck, repositoryRef, type RepositoryRef } from './repository-ref.js';
import type { CommitRecord, FileMode, TreeFile } from './store.js';

type BranchRef = RepositoryRef & { branch: string };

const PutFile: CodeCommitOperation<'PutFile', BranchRef> = {
  resolve: (ctx, input) => ({ ...repositoryRef(ctx, input.repositoryName), branch: branchName(input.branchName) }),
  authorize: repositoryCheck('PutFile'),
  handler(ctx, input, ref) {
    const repo = existing(ref);
    const parent = parentFor(repo, ref.branch, input.parentCommitId);
    const content = input.fileContent;
    if (content === undefined || content.byteLength === 0) throw FileContentRequiredException();
    const path = filePath(input.filePath);
    const previous = parent?.files.get(path);
    const mode = input.fileMode ?? previous?.mode ?? 'NORMAL';
    if (previous && previous.blobId === blobId(content) && previous.mode === mode) throw SameFileContentException();
    const files = applyChanges(repo, parent, [{ path, content, mode }]);
    const commit = commitOnto(ctx, repo, ref.branch, parent, files, { name: input.name, email: input.email, message: input.commitMessage });
    return { commitId: commit.commitId, blobId: files.get(path)!.blobId, treeId: commit.treeId };
  },
};

function metadata(path: string, file: TreeFile): FileMetadata {
  return { absolutePath: path, blobId: file.blobId, fileMode: file.mode };
}

const CreateCommit: CodeCommitOperation<'CreateCommit', BranchRef> = {
  resolve: (ctx, input) => ({ ...repositoryRef(ctx, input.repositoryName), branch: branchName(input.branchName) }),
  authorize: repositoryCheck('CreateCommit'),
  handler(ctx, input, ref) {
    const repo = existing(ref);
    const parent = parentFor(repo, ref.branch, input.parentCommitId);
    const changes: FileChange[] = [];
    for (const p of input.putFiles ?? []) {
      if (p.fileContent === undefined) throw FileContentRequiredException();
      changes.push({ path: filePath(p.filePath), content: p.fileContent, mode: p.fileMode });
    }
    for (const d of input.deleteFiles ?? []) {
      const path = filePath(d.filePath);
      if (!parent?.files.has(path)) throw FileDoesNotExistException();
      changes.push({ path, remove: true });
    }
    for (const s of input.setFileModes ?? []) {
      const path = filePath(s.filePath);
      if (!parent?.files.has(path)) throw FileDoesNotExistException();
      changes.push({ path, mode: s.fileMode as FileMode });
    }
    if (changes.length === 0) throw FileEntryRequiredException();
    const files = applyChanges(repo, parent, changes);
    const before = parent?.files ?? new Map<string, TreeFile>();
    const same = files.size === before.size && [...files].every(([p, f]) => before.get(p)?.blobId === f.blobId && before.get(p)?.mode === f.mode);
    if (same) throw NoChangeException();
    const commit = commitOnto(ctx, repo, ref.branch, parent, files, { name: input.authorName, email: input.email, message: input.commitMessage });
    const added = [...files].filter(([p]) => !before.has(p));
    const updated = [...files].filter(([p, f]) => before.has(p) && (before.get(p)!.blobId !== f.blobId || before.get(p)!.mode !== f.mode));
    const deleted = [...before].filter(([p]) => !files.has(p));
    return {
      commitId: commit.commitId,
      treeId: commit.treeId,
      filesAdded: added.map(([p, f]) => metadata(p, f)),
      filesUpdated: updated.map(([p, f]) => metadata(p, f)),
      filesDeleted: deleted.map(([p, f]) => metadata(p, f)),
    };
  },
};

export function commitView(c: CommitRecord) {
  return { commitId: c.commitId, treeId: c.treeId, parents: c.parents, message: c.message, author: c.author, committer: c.committer, additionalData: '' };
}

const GetCommit: CodeCommitOperation<'GetCommit', RepositoryRef> = {
  resolve: (ctx, input) => {
    const ref = repositoryRef(ctx, input.repositoryName);
    if (input.commitId === undefined || input.commitId === '') throw CommitIdRequiredException();
    // A full commit id is 40 hex digits; anything else cannot name one.
    if (!/^[0-9a-f]{40}$/.test(input.commitId)) throw InvalidCommitIdException();
    return ref;
  },
  authorize: repositoryCheck('GetCommit'),
  handler(_ctx, input, ref) {
    const commit = existing(ref).commits.get(input.commitId!);
    if (!commit) throw CommitIdDoesNotExistException();
    return { commit: commitView(commit) };
  },
};

export const commitOperations = { PutFile, CreateCommit, GetCommit };
