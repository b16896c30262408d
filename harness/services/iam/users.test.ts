/**
 * IAM users and their access keys through the real @aws-sdk/client-iam, over both transports: create, list,
 * deactivate and delete, the two-keys quota, and a user reading itself without naming itself.
 * Sources for wordings: the user forms of the role wordings recorded in localstack's
 * tests/aws/services/iam/test_iam_roles.snapshot.json ("The user with name X cannot be found.", "User with name X
 * already exists."); InvalidClientTokenId for a deactivated key as for an unknown one (errors.jsonl E055).
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, creds, expectSubjectExercised, startIamTestBed } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('users and access keys', () => {
    it('creates, lists, deactivates and deletes users and their keys', async () => {
      const u = await iamA.send(new CreateUserCommand({ UserName: 'keys', Path: '/people/' }));
      expect(u.User).toMatchObject({ UserName: 'keys', Path: '/people/', Arn: `arn:aws:iam::${A}:user/people/keys` });
      expect(u.User?.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
      expect(await awsError(iamA.send(new CreateUserCommand({ UserName: 'keys' })))).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'User with name keys already exists.',
      });
      expect((await iamA.send(new ListUsersCommand({ PathPrefix: '/people/' }))).Users?.map((x) => x.UserName)).toEqual(['keys']);

      const k1 = await creds(iamA, 'keys');
      await creds(iamA, 'keys');
      expect(await awsError(iamA.send(new CreateAccessKeyCommand({ UserName: 'keys' })))).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      });
      const listed = await iamA.send(new ListAccessKeysCommand({ UserName: 'keys' }));
      expect(listed.AccessKeyMetadata?.map((m) => m.Status)).toEqual(['Active', 'Active']);

      const asKeys = new STSClient(emu.configFor(k1));
      expect((await asKeys.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/people/keys`);
      await iamA.send(new UpdateAccessKeyCommand({ UserName: 'keys', AccessKeyId: k1.accessKeyId, Status: 'Inactive' }));
      expect(await awsError(asKeys.send(new GetCallerIdentityCommand({})))).toEqual({
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid',
      });

      expect(await awsError(iamA.send(new DeleteUserCommand({ UserName: 'keys' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must delete access keys first.',
      });
      for (const m of listed.AccessKeyMetadata ?? []) await iamA.send(new DeleteAccessKeyCommand({ UserName: 'keys', AccessKeyId: m.AccessKeyId }));
      expect(await awsError(iamA.send(new DeleteAccessKeyCommand({ UserName: 'keys', AccessKeyId: k1.accessKeyId })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `The Access Key with id ${k1.accessKeyId} cannot be found.`,
      });
      await iamA.send(new DeleteUserCommand({ UserName: 'keys' }));
      expect(await awsError(iamA.send(new GetUserCommand({ UserName: 'keys' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user with name keys cannot be found.',
      });
    });

    it('lets a user read itself without naming itself', async () => {
      await iamA.send(new CreateUserCommand({ UserName: 'self' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'self', PolicyName: 'self', PolicyDocument: allow(['iam:GetUser', 'iam:ListAccessKeys'], `arn:aws:iam::${A}:user/self`) }));
      const self = new IAMClient(emu.configFor(await creds(iamA, 'self')));
      expect((await self.send(new GetUserCommand({}))).User?.UserName).toBe('self');
      expect((await self.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
    });
  });

  it('exercises every users operation the IAM service declares', () => expectSubjectExercised('users', exercised));
});
