/**
 * Object ids as git computes them, so a commit id, tree id or blob id from xacct has the form (and, for blobs and
 * trees, the value) git would give the same content: SHA-1 of "<type> <length>\0<body>".
 * https://git-scm.com/book/en/v2/Git-Internals-Git-Objects
 * Trees list their entries sorted by name, a folder sorting as its name plus "/" (git's tree order), with modes
 * 100644 (NORMAL), 100755 (EXECUTABLE), 120000 (SYMLINK) and 40000 (folder).
 * Known deviation: a commit's author line uses the name and email given (or the caller's ARN), in UTC; a commit id
 * is therefore git's for that exact commit object, not for one a git client would have written with its own clock.
 */
import { createHash } from 'node:crypto';
import type { CommitUser, FileMode, TreeFile } from './store.js';

function objectId(type: 'blob' | 'tree' | 'commit', body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.byteLength}\0`).update(body).digest('hex');
}

export function blobId(content: Uint8Array): string {
  return objectId('blob', content);
}

const MODE: Record<FileMode, string> = { NORMAL: '100644', EXECUTABLE: '100755', SYMLINK: '120000' };

interface Folder {
  files: Map<string, TreeFile>;
  folders: Map<string, Folder>;
}

function folderOf(root: Folder, parts: string[]): Folder {
  let at = root;
  for (const part of parts) {
    let next = at.folders.get(part);
    if (!next) {
      next = { files: new Map(), folders: new Map() };
      at.folders.set(part, next);
    }
    at = next;
  }
  return at;
}

/** The tree id of the root and of each folder ('' is the root), for a commit's files by path. */
export function treeIds(files: ReadonlyMap<string, TreeFile>): Map<string, string> {
  const root: Folder = { files: new Map(), folders: new Map() };
  for (const [path, file] of files) {
    const parts = path.split('/');
    folderOf(root, parts.slice(0, -1)).files.set(parts[parts.length - 1]!, file);
  }
  const ids = new Map<string, string>();
  const write = (folder: Folder, path: string): string => {
    const entries: Array<{ sortKey: string; bytes: Buffer }> = [];
    for (const [name, file] of folder.files) {
      entries.push({ sortKey: name, bytes: Buffer.concat([Buffer.from(`${MODE[file.mode]} ${name}\0`), Buffer.from(file.blobId, 'hex')]) });
    }
    for (const [name, sub] of folder.folders) {
      const id = write(sub, path === '' ? name : `${path}/${name}`);
      entries.push({ sortKey: `${name}/`, bytes: Buffer.concat([Buffer.from(`40000 ${name}\0`), Buffer.from(id, 'hex')]) });
    }
    entries.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
    const id = objectId('tree', Buffer.concat(entries.map((e) => e.bytes)));
    ids.set(path, id);
    return id;
  };
  write(root, '');
  return ids;
}

export function commitObjectId(treeId: string, parents: string[], author: CommitUser, committer: CommitUser, message: string): string {
  const lines = [`tree ${treeId}`, ...parents.map((p) => `parent ${p}`), `author ${author.name} <${author.email}> ${author.date}`, `committer ${committer.name} <${committer.email}> ${committer.date}`];
  return objectId('commit', Buffer.from(`${lines.join('\n')}\n\n${message}`));
}

/** git's author date: epoch seconds and the zone, as GetCommit reports it ("1484167798 -0800" in the API reference). */
export function gitDate(at: Date): string {
  return `${Math.floor(at.getTime() / 1000)} +0000`;
}
