/**
 * Reading a commit's tree: GetFile (a file's bytes) and GetFolder (a folder's files and subfolders).
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/API_GetFile.html, API_GetFolder.html
 * commitSpecifier is a branch name or a full commit id; without one, the default branch's head ("If none is
 * provided, the head commit is used").
 * Known deviations: tags and abbreviated commit ids are not accepted as specifiers; symbolic links are reported as
 * files with mode SYMLINK in GetFolder's `files` rather than in `symbolicLinks`; no submodules.
 */
import type { File, Folder } from '@aws-sdk/client-codecommit';
import { filePath } from './commit-writer.js';
import { CommitDoesNotExistException, FileDoesNotExistException, FolderDoesNotExistException, PathRequiredException } from './errors.js';
import type { CodeCommitOperation } from './operation-names.js';
import { existing, repositoryCheck, repositoryRef, type RepositoryRef } from './repository-ref.js';
import { branchHead, type CommitRecord, type Repository } from './store.js';

/** The commit a specifier names: a branch, a commit id, or (none) the default branch's head. */
export function commitFor(repo: Repository, specifier: string | undefined): CommitRecord {
  const spec = specifier === undefined || specifier === '' || specifier === 'HEAD' ? repo.defaultBranch : specifier;
  const commit = spec === undefined ? undefined : (branchHead(repo, spec) ?? repo.commits.get(spec));
  if (!commit) throw CommitDoesNotExistException();
  return commit;
}

const GetFile: CodeCommitOperation<'GetFile', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('GetFile'),
  handler(_ctx, input, ref) {
    const repo = existing(ref);
    const commit = commitFor(repo, input.commitSpecifier);
    const path = filePath(input.filePath);
    const file = commit.files.get(path);
    if (!file) throw FileDoesNotExistException();
    const content = repo.blobs.get(file.blobId)!;
    return { commitId: commit.commitId, blobId: file.blobId, filePath: path, fileMode: file.mode, fileSize: content.byteLength, fileContent: content };
  },
};

/** A folder path relative to the root: "", "/" and "/src/" name the root and src. */
function folderPath(value: string | undefined): string {
  if (value === undefined) throw PathRequiredException();
  return value.replace(/^\/+|\/+$/g, '');
}

const GetFolder: CodeCommitOperation<'GetFolder', RepositoryRef> = {
  resolve: (ctx, input) => repositoryRef(ctx, input.repositoryName),
  authorize: repositoryCheck('GetFolder'),
  handler(_ctx, input, ref) {
    const commit = commitFor(existing(ref), input.commitSpecifier);
    const folder = folderPath(input.folderPath);
    const treeId = commit.folders.get(folder);
    if (treeId === undefined) throw FolderDoesNotExistException();
    const prefix = folder === '' ? '' : `${folder}/`;
    const files: File[] = [];
    for (const [path, f] of commit.files) {
      const rest = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      if (rest !== undefined && !rest.includes('/')) files.push({ blobId: f.blobId, absolutePath: path, relativePath: rest, fileMode: f.mode });
    }
    const subFolders: Folder[] = [];
    for (const [path, id] of commit.folders) {
      const rest = path !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      if (rest !== undefined && rest !== '' && !rest.includes('/')) subFolders.push({ treeId: id, absolutePath: path, relativePath: rest });
    }
    return { commitId: commit.commitId, folderPath: folder === '' ? '/' : folder, treeId, subFolders, files, symbolicLinks: [], subModules: [] };
  },
};

export const fileOperations = { GetFile, GetFolder };
