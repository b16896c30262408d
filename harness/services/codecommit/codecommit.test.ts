/**
 * CodeCommit through the real @aws-sdk/client-codecommit over both transports: repositories, the first commit
 * creating the default branch, commits with git's object ids, branches, files and folders, the reference events
 * each commit emits, IAM-only access, and the refusals AWS answers.
 * Wordings: RepositoryDoesNotExistException "<name> does not exist" is recorded (aws/aws-sdk-js
 * features/codecommit/codecommit.feature); RepositoryNameExistsException as getmoto/moto
 * moto/codecommit/exceptions.py words it; the others are the API reference's exception descriptions
 * (https://docs.aws.amazon.com/codecommit/latest/APIReference/API_PutFile.html#API_PutFile_Errors and the other
 * operations' Errors sections), no recorded response being found (errors.ts).
 */
import {
  CodeCommitClient,
  CreateBranchCommand,
  CreateCommitCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  GetBranchCommand,
  GetCommitCommand,
  GetFileCommand,
  GetFolderCommand,
  GetRepositoryCommand,
  ListBranchesCommand,
  ListRepositoriesCommand,
  PutFileCommand,
} from '@aws-sdk/client-codecommit';
import { CreateUserCommand, CreateAccessKeyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { baseRequest, send, signer } from '../../../test/helpers/signed-request.js';
import { awsError, refusedRequestId } from '../../testing/errors.js';
import { SERVICE_LOADERS, ServiceCatalog } from '../registry.js';
import { templateService } from '../_template/service.js';
import type { ServiceDefinition, ServiceEvent } from '../types.js';

const A = '111111111111';
const B = '222222222222';
const text = (s: string) => new TextEncoder().encode(s);
const arn = (name: string, account = A) => `arn:aws:codecommit:us-east-1:${account}:${name}`;

describe.each(['in-process', 'http'] as const)('CodeCommit over %s', (transport) => {
  let emu: RunningEmulator;
  let cc: CodeCommitClient;
  const events: ServiceEvent[] = [];

  /** A stand-in for EventBridge that records what CodeCommit emits. */
  const recorder: ServiceDefinition = {
    ...templateService,
    name: 'xacct-events',
    operations: {},
    async onServiceEvent(_rt, event) {
      events.push(event);
    },
  };

  beforeAll(async () => {
    const services = new ServiceCatalog({ ...SERVICE_LOADERS, 'xacct-events': async () => recorder });
    Object.defineProperty(services, 'events', { value: 'xacct-events' });
    emu = await startEmulator({ transport, services });
    cc = new CodeCommitClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates, reads, lists and deletes repositories', async () => {
    const created = await cc.send(new CreateRepositoryCommand({ repositoryName: 'app', repositoryDescription: 'the app' }));
    expect(created.repositoryMetadata).toMatchObject({
      accountId: A,
      repositoryName: 'app',
      repositoryDescription: 'the app',
      Arn: arn('app'),
      cloneUrlHttp: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
      cloneUrlSsh: 'ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
    });
    expect(created.repositoryMetadata!.repositoryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.repositoryMetadata!.defaultBranch).toBeUndefined();
    expect(created.repositoryMetadata!.creationDate).toBeInstanceOf(Date);
    await cc.send(new CreateRepositoryCommand({ repositoryName: 'zeta' }));
    const got = await cc.send(new GetRepositoryCommand({ repositoryName: 'app' }));
    expect(got.repositoryMetadata?.repositoryId).toBe(created.repositoryMetadata!.repositoryId);
    const listed = await cc.send(new ListRepositoriesCommand({ order: 'descending' }));
    expect(listed.repositories?.map((r) => r.repositoryName)).toEqual(['zeta', 'app']);
    const deleted = await cc.send(new DeleteRepositoryCommand({ repositoryName: 'zeta' }));
    expect(deleted.repositoryId).toMatch(/^[0-9a-f-]{36}$/);
    // "If a specified repository was already deleted, a null repository ID is returned." (API_DeleteRepository.html)
    expect((await cc.send(new DeleteRepositoryCommand({ repositoryName: 'zeta' }))).repositoryId).toBeUndefined();
  });

  it('refuses names and repositories as AWS does', async () => {
    // aws/aws-sdk-js features/codecommit/codecommit.feature: ListBranches of fake-repo, "fake-repo does not exist".
    expect(await awsError(cc.send(new ListBranchesCommand({ repositoryName: 'fake-repo' })))).toEqual({
      code: 'RepositoryDoesNotExistException',
      status: 400,
      message: 'fake-repo does not exist',
    });
    // getmoto/moto moto/codecommit/exceptions.py.
    expect(await awsError(cc.send(new CreateRepositoryCommand({ repositoryName: 'app' })))).toEqual({
      code: 'RepositoryNameExistsException',
      status: 400,
      message: 'Repository named app already exists',
    });
    expect(await awsError(cc.send(new CreateRepositoryCommand({ repositoryName: 'bad name' })))).toEqual({
      code: 'InvalidRepositoryNameException',
      status: 400,
      message:
        'The repository name is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length. Names are case sensitive. For more information, see Limits in the AWS CodeCommit User Guide. ',
    });
    // API reference, RepositoryNameRequiredException.
    expect(await awsError(cc.send(new GetRepositoryCommand({ repositoryName: '' })))).toEqual({
      code: 'RepositoryNameRequiredException',
      status: 400,
      message: 'A repository name is required, but was not specified.',
    });
  });

  let first: string;
  let second: string;

  it("creates the branch a first PutFile names, makes it the default, and ids commits as git does", async () => {
    events.length = 0;
    const put = await cc.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', filePath: 'README.md', fileContent: text('hello\n'), commitMessage: 'first', name: 'Dev', email: 'dev@example.com' }));
    first = put.commitId!;
    // git hash-object of "hello\n".
    expect(put.blobId).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(put.commitId).toMatch(/^[0-9a-f]{40}$/);
    // `git write-tree` of a tree holding only README.md = hello\n.
    expect(put.treeId).toBe('853694aae8816094a0d875fee7ea26278dbf5d0f');
    expect((await cc.send(new GetRepositoryCommand({ repositoryName: 'app' }))).repositoryMetadata?.defaultBranch).toBe('main');
    expect((await cc.send(new GetBranchCommand({ repositoryName: 'app', branchName: 'main' }))).branch).toEqual({ branchName: 'main', commitId: first });
    const commit = (await cc.send(new GetCommitCommand({ repositoryName: 'app', commitId: first }))).commit!;
    expect(commit).toMatchObject({ commitId: first, treeId: put.treeId, parents: [], message: 'first', author: { name: 'Dev', email: 'dev@example.com' } });
    expect(commit.author?.date).toMatch(/^\d{10} \+0000$/);
    await emu.emulator.eventsDelivered();
    expect(events).toEqual([
      {
        source: 'aws.codecommit',
        detailType: 'CodeCommit Repository State Change',
        account: A,
        region: 'us-east-1',
        resources: [arn('app')],
        detail: {
          event: 'referenceCreated',
          repositoryName: 'app',
          repositoryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          referenceType: 'branch',
          referenceName: 'main',
          referenceFullName: 'refs/heads/main',
          commitId: first,
          callerUserArn: `arn:aws:iam::${A}:root`,
        },
      },
    ]);
  });

  it('refuses a PutFile without the branch head as parent, with the same content, or empty', async () => {
    const put = (o: { parentCommitId?: string; content?: string; branchName?: string }) =>
      cc.send(new PutFileCommand({ repositoryName: 'app', branchName: o.branchName ?? 'main', filePath: 'README.md', fileContent: text(o.content ?? 'other\n'), parentCommitId: o.parentCommitId }));
    expect(await awsError(put({}))).toEqual({
      code: 'ParentCommitIdRequiredException',
      status: 400,
      message: 'A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).',
    });
    expect(await awsError(put({ parentCommitId: 'f'.repeat(40) }))).toEqual({
      code: 'ParentCommitDoesNotExistException',
      status: 400,
      message: 'The parent commit ID is not valid because it does not exist. The specified parent commit ID does not exist in the specified branch of the repository.',
    });
    expect(await awsError(put({ parentCommitId: first, content: 'hello\n' }))).toEqual({
      code: 'SameFileContentException',
      status: 400,
      message:
        'The file was not added or updated because the content of the file is exactly the same as the content of that file in the repository and branch that you specified.',
    });
    expect(await awsError(put({ parentCommitId: first, content: '' }))).toEqual({
      code: 'FileContentRequiredException',
      status: 400,
      message: 'The file cannot be added because it is empty. Empty files cannot be added to the repository with this API.',
    });
    expect(await awsError(put({ parentCommitId: first, branchName: 'nope' }))).toEqual({ code: 'BranchDoesNotExistException', status: 400, message: 'The specified branch does not exist.' });
  });

  it('commits several changes with CreateCommit, emits referenceUpdated, and reads files and folders', async () => {
    events.length = 0;
    const out = await cc.send(
      new CreateCommitCommand({
        repositoryName: 'app',
        branchName: 'main',
        parentCommitId: first,
        commitMessage: 'add the template',
        putFiles: [
          { filePath: 'template.yaml', fileContent: text('Resources: {}\n') },
          { filePath: 'site/index.html', fileContent: text('<h1>hi</h1>') },
        ],
      }),
    );
    second = out.commitId!;
    // `git write-tree` of README.md, site/index.html and template.yaml with these contents.
    expect(out.treeId).toBe('829bd7a759877fb9009f65469fcc9213783a5fcb');
    expect(out.filesAdded?.map((f) => f.absolutePath).sort()).toEqual(['site/index.html', 'template.yaml']);
    expect(out.filesUpdated).toEqual([]);
    expect((await cc.send(new GetCommitCommand({ repositoryName: 'app', commitId: second }))).commit?.parents).toEqual([first]);
    await emu.emulator.eventsDelivered();
    expect(events.map((e) => e.detail)).toEqual([expect.objectContaining({ event: 'referenceUpdated', commitId: second, oldCommitId: first, referenceName: 'main' })]);

    const file = await cc.send(new GetFileCommand({ repositoryName: 'app', filePath: 'site/index.html' }));
    expect({ ...file, fileContent: new TextDecoder().decode(file.fileContent), $metadata: undefined }).toMatchObject({
      commitId: second,
      filePath: 'site/index.html',
      fileMode: 'NORMAL',
      fileSize: 11,
      fileContent: '<h1>hi</h1>',
    });
    const old = await cc.send(new GetFileCommand({ repositoryName: 'app', filePath: 'README.md', commitSpecifier: first }));
    expect(new TextDecoder().decode(old.fileContent)).toBe('hello\n');
    const root = await cc.send(new GetFolderCommand({ repositoryName: 'app', folderPath: '/' }));
    expect(root.files?.map((f) => f.relativePath).sort()).toEqual(['README.md', 'template.yaml']);
    expect(root.subFolders?.map((f) => f.absolutePath)).toEqual(['site']);
    expect(await awsError(cc.send(new GetFileCommand({ repositoryName: 'app', filePath: 'missing.txt' })))).toEqual({
      code: 'FileDoesNotExistException',
      status: 400,
      message: 'The specified file does not exist. Verify that you have used the correct file name, full path, and extension.',
    });
    expect(await awsError(cc.send(new GetFolderCommand({ repositoryName: 'app', folderPath: 'nowhere' })))).toEqual({
      code: 'FolderDoesNotExistException',
      status: 400,
      message: 'The specified folder does not exist. Either the folder name is not correct, or you did not enter the full path to the folder.',
    });
    expect(await awsError(cc.send(new CreateCommitCommand({ repositoryName: 'app', branchName: 'main', parentCommitId: second, putFiles: [{ filePath: 'README.md', fileContent: text('hello\n') }] })))).toEqual({
      code: 'NoChangeException',
      status: 400,
      message: 'The commit cannot be created because no changes will be made to the repository as a result of this commit. A commit must contain at least one change.',
    });
  });

  it('creates and lists branches, emitting referenceCreated', async () => {
    events.length = 0;
    await cc.send(new CreateBranchCommand({ repositoryName: 'app', branchName: 'release', commitId: first }));
    expect((await cc.send(new ListBranchesCommand({ repositoryName: 'app' }))).branches).toEqual(['main', 'release']);
    await emu.emulator.eventsDelivered();
    expect(events.map((e) => e.detail)).toEqual([expect.objectContaining({ event: 'referenceCreated', referenceName: 'release', commitId: first })]);
    expect(await awsError(cc.send(new CreateBranchCommand({ repositoryName: 'app', branchName: 'release', commitId: first })))).toEqual({
      code: 'BranchNameExistsException',
      status: 400,
      message: 'Cannot create the branch with the specified name because the commit conflicts with an existing branch with the same name. Branch names must be unique.',
    });
    expect(await awsError(cc.send(new CreateBranchCommand({ repositoryName: 'app', branchName: 'x', commitId: 'a'.repeat(40) })))).toEqual({
      code: 'CommitDoesNotExistException',
      status: 400,
      message: 'The specified commit does not exist or no commit was specified, and the specified repository has no default branch.',
    });
    expect(await awsError(cc.send(new GetBranchCommand({ repositoryName: 'app', branchName: 'gone' })))).toEqual({ code: 'BranchDoesNotExistException', status: 400, message: 'The specified branch does not exist.' });
    expect(await awsError(cc.send(new GetCommitCommand({ repositoryName: 'app', commitId: 'b'.repeat(40) })))).toEqual({ code: 'CommitIdDoesNotExistException', status: 400, message: 'The specified commit ID does not exist.' });
    expect(await awsError(cc.send(new GetCommitCommand({ repositoryName: 'app', commitId: 'HEAD' })))).toEqual({ code: 'InvalidCommitIdException', status: 400, message: 'The specified commit ID is not valid.' });
    expect(await awsError(cc.send(new ListBranchesCommand({ repositoryName: 'app', nextToken: 'abc' })))).toEqual({ code: 'InvalidContinuationTokenException', status: 400, message: 'The specified continuation token is not valid.' });
  });

  it('decides access by IAM alone, and explains a denial', async () => {
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['codecommit:Get*'], Resource: arn('app') }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = new CodeCommitClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect((await reader.send(new GetBranchCommand({ repositoryName: 'app', branchName: 'main' }))).branch?.commitId).toBe(second);
    const put = reader.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', filePath: 'x', fileContent: text('x'), parentCommitId: second }));
    expect(await awsError(put)).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/reader is not authorized to perform: codecommit:PutFile on resource: ${arn('app')} because no identity-based policy allows the codecommit:PutFile action`,
    });
    const id = await refusedRequestId(reader.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', filePath: 'x', fileContent: text('x'), parentCommitId: second })));
    expect(emu.emulator.explain(id)).toMatchObject({ service: 'codecommit', request: { action: 'codecommit:PutFile', resource: arn('app') }, decision: { decision: 'implicitDeny' } });
    // Another account's root reaches only its own repositories: the name resolves in the caller's account.
    const other = new CodeCommitClient(emu.clientConfig(B));
    expect(await awsError(other.send(new GetRepositoryCommand({ repositoryName: 'app' })))).toEqual({ code: 'RepositoryDoesNotExistException', status: 400, message: 'app does not exist' });
  });

  it('refuses the IAM-only UploadArchive over the wire as an operation the endpoint does not have', async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodeCommit_20150413.UploadArchive' };
    const req = await signer({ accessKeyId: A, secretAccessKey: 'test' }, 'codecommit').sign(baseRequest(emu, { method: 'POST', headers, body: JSON.stringify({ repositoryName: 'app', commitId: second }) }));
    const res = await send(emu, transport, req);
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({ status: 400, body: { __type: 'UnknownOperationException', message: '' } });
  });
});
