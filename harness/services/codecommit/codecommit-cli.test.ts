/**
 * The wire format against a client nobody here wrote: the AWS CLI v2 (/usr/bin/aws) talking to an HTTP emulator.
 * Blobs matter here: put-file's --file-content from fileb:// (raw bytes, which the CLI sends base64-encoded in the
 * JSON body), create-commit's putFiles in shorthand (base64 text, the CLI v2 default --cli-binary-format), and
 * get-file's fileContent printed back as base64. Errors as the CLI prints them: RepositoryDoesNotExistException
 * "<name> does not exist" (recorded in aws/aws-sdk-js features/codecommit/codecommit.feature).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';

const A = '111111111111';
const root = { accessKeyId: A, secretAccessKey: 'test' };

describe('CodeCommit with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  const dir = mkdtempSync(join(tmpdir(), 'xacct-codecommit-cli-'));
  const cli = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(emu.endpoint, root, ['codecommit', ...args]);

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  let first: string;

  it('creates a repository and puts a binary file from fileb://, read back byte for byte', async () => {
    const created = await cli<{ repositoryMetadata: { Arn: string } }>('create-repository', '--repository-name', 'cli-repo', '--repository-description', 'from the cli');
    expect(created.repositoryMetadata.Arn).toBe(`arn:aws:codecommit:us-east-1:${A}:cli-repo`);
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x68, 0x69]);
    writeFileSync(join(dir, 'data.bin'), bytes);
    const put = await cli<{ commitId: string; blobId: string }>(
      'put-file', '--repository-name', 'cli-repo', '--branch-name', 'main', '--file-path', 'bin/data.bin', '--file-content', `fileb://${join(dir, 'data.bin')}`, '--commit-message', 'binary', '--name', 'Cli', '--email', 'cli@example.com',
    );
    first = put.commitId;
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    const file = await cli<{ fileContent: string; fileSize: number; commitId: string }>('get-file', '--repository-name', 'cli-repo', '--file-path', 'bin/data.bin');
    expect({ content: Buffer.from(file.fileContent, 'base64'), size: file.fileSize, commitId: file.commitId }).toEqual({ content: bytes, size: 8, commitId: first });
  });

  it("commits with create-commit's base64 shorthand and reads the commit, the file and the folder", async () => {
    const next = await cli<{ commitId: string; filesAdded: Array<{ absolutePath: string }> }>(
      'create-commit', '--repository-name', 'cli-repo', '--branch-name', 'main', '--parent-commit-id', first, '--commit-message', 'readme',
      '--put-files', `filePath=README.md,fileContent=${Buffer.from('# cli\n').toString('base64')}`,
    );
    expect(next.filesAdded.map((f) => f.absolutePath)).toEqual(['README.md']);
    const readme = await cli<{ fileContent: string }>('get-file', '--repository-name', 'cli-repo', '--file-path', 'README.md');
    expect(Buffer.from(readme.fileContent, 'base64').toString()).toBe('# cli\n');
    const commit = await cli<{ commit: { parents: string[]; message: string } }>('get-commit', '--repository-name', 'cli-repo', '--commit-id', next.commitId);
    expect(commit.commit).toMatchObject({ parents: [first], message: 'readme' });
  });

  it('lists the folder and the branches', async () => {
    const folder = await cli<{ subFolders: Array<{ absolutePath: string }>; files: Array<{ absolutePath: string }> }>('get-folder', '--repository-name', 'cli-repo', '--folder-path', '/');
    expect({ folders: folder.subFolders.map((f) => f.absolutePath), files: folder.files.map((f) => f.absolutePath) }).toEqual({ folders: ['bin'], files: ['README.md'] });
    expect(await cli('list-branches', '--repository-name', 'cli-repo')).toEqual({ branches: ['main'] });
  });

  it('prints CodeCommit errors with their code and message', async () => {
    expect(await awsFailure(emu.endpoint, root, ['codecommit', 'get-repository', '--repository-name', 'nowhere'])).toEqual({
      exitCode: 254,
      code: 'RepositoryDoesNotExistException',
      operation: 'GetRepository',
      message: 'nowhere does not exist',
    });
  });
});
