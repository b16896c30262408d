/**
 * Repository content the user supplies for the source actions whose repository lives outside AWS, which xacct cannot
 * reach: a connection's repository (Source/AWS/CodeStarSourceConnection: GitHub, Bitbucket, GitLab…) and a GitHub
 * version 1 source (Source/ThirdParty/GitHub). The content is a zip, or a folder zipped here as CodePipeline's
 * CODE_ZIP output is ("CODE_ZIP … does not include the Git metadata about the repository",
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html), so a
 * folder's `.git` is left out.
 * It is kept in the world, shared by every account (a repository outside AWS belongs to no account), by repository
 * (`owner/name`) and branch; content supplied without a repository or branch serves any. The library
 * (`supplySource`), a scenario's `sources` and `xacct run --source DIR` put it there before the setup is applied, so
 * the execution a pipeline's creation starts already finds it, as it would find the repository in AWS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { World } from '../../world/world.js';
import { zipFiles } from './artifacts.js';

export interface SuppliedSource {
  /** `owner/name` (FullRepositoryId, or GitHub version 1's Owner/Repo); any repository when left out. */
  repository?: string;
  /** Any branch when left out. */
  branch?: string;
  /** A folder, zipped when supplied, or a .zip file, taken as it is. */
  path?: string;
  /** The zip itself. */
  zip?: Uint8Array;
}

const KEY = 'codepipeline:supplied-sources';

function sources(world: World): Map<string, Uint8Array> {
  return world.global(KEY, () => new Map<string, Uint8Array>());
}

const keyOf = (repository: string | undefined, branch: string | undefined) => `${repository ?? '*'}#${branch ?? '*'}`;

/** A folder's files as CODE_ZIP holds them: paths relative to it with forward slashes, without `.git`. */
export function zipFolder(dir: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (path === '.git' || path.startsWith('.git/')) continue;
    files[path] = readFileSync(join(entry.parentPath, entry.name));
  }
  return zipFiles(files);
}

function contentOf(s: SuppliedSource): Uint8Array {
  if (s.zip) return s.zip;
  if (!s.path) throw new Error('a supplied source needs a folder, a .zip file or the zip itself');
  return statSync(s.path).isDirectory() ? zipFolder(s.path) : new Uint8Array(readFileSync(s.path));
}

/** Makes the content available to the source actions of every pipeline in the world. */
export function supplySource(world: World, s: SuppliedSource): void {
  sources(world).set(keyOf(s.repository, s.branch), contentOf(s));
}

/** The content supplied for a repository's branch: for that branch, else for the repository, else for any. */
export function suppliedContent(world: World, repository: string, branch: string): Uint8Array | undefined {
  const all = sources(world);
  return all.get(keyOf(repository, branch)) ?? all.get(keyOf(repository, undefined)) ?? all.get(keyOf(undefined, undefined));
}
