/**
 * IAM roles through the real @aws-sdk/client-iam, over both transports: create, read, list, update, tag and delete,
 * IAM's exact wording for their errors, and trust-policy validation.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_roles.snapshot.json (recorded 2026-02): "The role with name X cannot
 *   be found.", "Role with name X already exists.", "This policy contains invalid Json" (trust policy).
 * - errors.jsonl E058 (trust statement without principal).
 * - Size quota: "Cannot exceed quota for ACLSizePerRole: 2048" (widely quoted Terraform errors).
 * - The Coral "1 validation error detected: …" form for a name longer than 64 characters.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListRoleTagsCommand,
  ListRolesCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, B, decoded, doc, expectSubjectExercised, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;
  let iamB: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA, iamB } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('roles', () => {
    it('creates, gets, lists, updates, tags and deletes a role', async () => {
      const created = await iamB.send(
        new CreateRoleCommand({ RoleName: 'deploy', Path: '/ci/', AssumeRolePolicyDocument: trust({ AWS: A }), Description: 'd', Tags: [{ Key: 'team', Value: 'x' }] }),
      );
      expect(created.Role).toMatchObject({ RoleName: 'deploy', Path: '/ci/', Arn: `arn:aws:iam::${B}:role/ci/deploy`, Description: 'd' });
      // AWS's CreateRole answer has no MaxSessionDuration; GetRole has it (recorded-shapes.test.ts gives the source).
      expect(created.Role?.MaxSessionDuration).toBeUndefined();
      expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{16}$/);
      expect(decoded(created.Role?.AssumeRolePolicyDocument)).toEqual(JSON.parse(trust({ AWS: A })));

      const got = await iamB.send(new GetRoleCommand({ RoleName: 'deploy' }));
      expect(got.Role?.Arn).toBe(`arn:aws:iam::${B}:role/ci/deploy`);
      expect(got.Role?.MaxSessionDuration).toBe(3600);
      expect(got.Role?.Tags).toEqual([{ Key: 'team', Value: 'x' }]);

      expect((await iamB.send(new ListRolesCommand({ PathPrefix: '/ci/' }))).Roles?.map((r) => r.RoleName)).toEqual(['deploy']);
      expect((await iamB.send(new ListRolesCommand({ PathPrefix: '/other/' }))).Roles).toEqual([]);

      await iamB.send(new UpdateRoleCommand({ RoleName: 'deploy', MaxSessionDuration: 7200, Description: 'new' }));
      expect((await iamB.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'new' });

      await iamB.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deploy', PolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
      expect(decoded((await iamB.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role?.AssumeRolePolicyDocument)).toEqual(
        JSON.parse(trust({ Service: 'codepipeline.amazonaws.com' })),
      );

      await iamB.send(new TagRoleCommand({ RoleName: 'deploy', Tags: [{ Key: 'team', Value: 'y' }, { Key: 'env', Value: 'prod' }] }));
      expect((await iamB.send(new ListRoleTagsCommand({ RoleName: 'deploy' }))).Tags).toEqual([
        { Key: 'team', Value: 'y' },
        { Key: 'env', Value: 'prod' },
      ]);
      await iamB.send(new UntagRoleCommand({ RoleName: 'deploy', TagKeys: ['team'] }));
      expect((await iamB.send(new ListRoleTagsCommand({ RoleName: 'deploy' }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);

      await iamB.send(new DeleteRoleCommand({ RoleName: 'deploy' }));
      expect(await awsError(iamB.send(new GetRoleCommand({ RoleName: 'deploy' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The role with name deploy cannot be found.',
      });
    });

    it('words NoSuchEntity and EntityAlreadyExists as IAM does', async () => {
      for (const call of [
        iamB.send(new GetRoleCommand({ RoleName: 'ghost' })),
        iamB.send(new DeleteRoleCommand({ RoleName: 'ghost' })),
        iamB.send(new UpdateRoleCommand({ RoleName: 'ghost', Description: 'x' })),
        iamB.send(new TagRoleCommand({ RoleName: 'ghost', Tags: [{ Key: 'k', Value: 'v' }] })),
        iamB.send(new ListRoleTagsCommand({ RoleName: 'ghost' })),
      ]) {
        expect(await awsError(call)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name ghost cannot be found.' });
      }
      await iamB.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      expect(await awsError(iamB.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: trust({ AWS: A }) })))).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'Role with name twice already exists.',
      });
    });

    it('validates trust policies with IAM\'s wording', async () => {
      const create = (name: string, policy: string) => awsError(iamB.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: policy })));
      expect(await create('bad-json', '{"Version": "2012-10-17", "Statement": [')).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: 'This policy contains invalid Json',
      });
      expect(await create('no-principal', doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
      });
      expect(await create('ghost-principal', trust({ AWS: `arn:aws:iam::${A}:role/does-not-exist` }))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: `Invalid principal in policy: "AWS":"arn:aws:iam::${A}:role/does-not-exist"`,
      });
      expect(await create('ghost-user', trust({ AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/nobody`] }))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: `Invalid principal in policy: "AWS":"arn:aws:iam::${A}:user/nobody"`,
      });
      const statements = Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }));
      expect(await create('huge-trust', doc(statements))).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
      await iamB.send(new CreateRoleCommand({ RoleName: 'keeps-trust', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      expect(await awsError(iamB.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'keeps-trust', PolicyDocument: 'not json' })))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: 'This policy contains invalid Json',
      });
    });

    it('accepts a trust policy naming a role once that role exists', async () => {
      await iamA.send(new CreateRoleCommand({ RoleName: 'pipeline-role', AssumeRolePolicyDocument: trust({ Service: 'codepipeline.amazonaws.com' }) }));
      const r = await iamB.send(new CreateRoleCommand({ RoleName: 'trusts-role', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${A}:role/pipeline-role` }) }));
      expect(r.Role?.Arn).toBe(`arn:aws:iam::${B}:role/trusts-role`);
    });

    it('validates names with the Coral message', async () => {
      expect(await awsError(iamB.send(new CreateRoleCommand({ RoleName: 'a'.repeat(65), AssumeRolePolicyDocument: trust({ AWS: A }) })))).toEqual({
        code: 'ValidationError',
        status: 400,
        message: `1 validation error detected: Value '${'a'.repeat(65)}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      });
    });
  });

  it('exercises every roles operation the IAM service declares', () => expectSubjectExercised('roles', exercised));
});
