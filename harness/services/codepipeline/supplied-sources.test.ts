/**
 * Supplied repository content: a folder is zipped as CODE_ZIP holds a repository (paths relative to it, without the
 * `.git` metadata, per action-reference-CodestarConnectionSource.html), and content is found for the branch, else the
 * repository, else any repository.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { World } from '../../world/world.js';
import { zipFiles } from './artifacts.js';
import { supplySource, suppliedContent, zipFolder } from './supplied-sources.js';

describe('supplied repository content', () => {
  it('zips a folder without its .git metadata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-repo-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'src', 'app.ts'), 'export {};');
    writeFileSync(join(dir, 'buildspec.yml'), 'version: 0.2');
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main');
    const files = unzipSync(zipFolder(dir));
    expect(Object.keys(files).sort()).toEqual(['buildspec.yml', 'src/app.ts']);
    expect(strFromU8(files['src/app.ts']!)).toBe('export {};');
  });

  it('finds content by branch, then repository, then for any repository', () => {
    const world = new World();
    const any = zipFiles({ 'any.txt': 'any' });
    const repo = zipFiles({ 'repo.txt': 'repo' });
    const branch = zipFiles({ 'branch.txt': 'branch' });
    expect(suppliedContent(world, 'octo/app', 'main')).toBeUndefined();
    supplySource(world, { zip: any });
    supplySource(world, { repository: 'octo/app', zip: repo });
    supplySource(world, { repository: 'octo/app', branch: 'release', zip: branch });
    expect(suppliedContent(world, 'octo/app', 'release')).toBe(branch);
    expect(suppliedContent(world, 'octo/app', 'main')).toBe(repo);
    expect(suppliedContent(world, 'octo/other', 'main')).toBe(any);
  });
});
