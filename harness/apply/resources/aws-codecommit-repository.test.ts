/**
 * aws_codecommit_repository applied to the emulator over both transports: the repository is created in the
 * provider's account with its description, and its computed attributes (repository_id, arn, clone URLs) are what
 * CodeCommit's GetRepository reports, so a pipeline can reference them; a name CodeCommit already holds fails the
 * resource with CodeCommit's error (RepositoryNameExistsException as getmoto/moto moto/codecommit/exceptions.py
 * words it; no recorded AWS response was found, see services/codecommit/errors.ts).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codecommit_repository
 */
import { CodeCommitClient, GetRepositoryCommand } from '@aws-sdk/client-codecommit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';
import { ApplyResourceError } from '../errors.js';

const REPO_ACCOUNT = '222222222222';
const config = (names: string[]) => ({
  provider: { aws: [{ alias: 'repo', region: 'us-east-1', access_key: REPO_ACCOUNT, secret_key: 'test' }] },
  resource: {
    aws_codecommit_repository: Object.fromEntries(names.map((n, i) => [`r${i}`, { provider: 'aws.repo', repository_name: n, description: 'app source', default_branch: 'main', tags: { team: 'app' } }])),
  },
});

describe.each(['in-process', 'http'] as const)('aws_codecommit_repository over %s', (transport) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
  });
  afterAll(() => emu.dispose());

  it('creates the repository in the provider account with the attributes CodeCommit reports', async () => {
    const result = await apply(config(['app']), { resolver: emu });
    const applied = result.resources.find((r) => r.address === 'aws_codecommit_repository.r0')!;
    expect(applied.account).toBe(REPO_ACCOUNT);
    const meta = (await new CodeCommitClient(emu.clientConfig(REPO_ACCOUNT)).send(new GetRepositoryCommand({ repositoryName: 'app' }))).repositoryMetadata!;
    expect(meta.repositoryDescription).toBe('app source');
    expect(applied.attributes).toMatchObject({
      id: 'app',
      repository_id: meta.repositoryId,
      arn: `arn:aws:codecommit:us-east-1:${REPO_ACCOUNT}:app`,
      clone_url_http: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
      clone_url_ssh: 'ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
    });
  });

  it("fails the resource with CodeCommit's error when the name is taken", async () => {
    const e = (await apply(config(['app']), { resolver: emu }).catch((x: unknown) => x)) as ApplyResourceError;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect({ address: e.address, code: e.code, status: e.statusCode, message: e.awsMessage }).toEqual({
      address: 'aws_codecommit_repository.r0',
      code: 'RepositoryNameExistsException',
      status: 400,
      message: 'Repository named app already exists',
    });
  });
});
