/**
 * IAM inline policies of roles and users through the real @aws-sdk/client-iam, over both transports: put, get, list
 * and delete, the identity-policy grammar IAM refuses at write time, and the inline size quotas.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_roles.snapshot.json (recorded 2026-02): "Cannot delete entity, must
 *   delete policies first.", "The role policy with name X cannot be found.".
 * - errors.jsonl E061 (Resource not an ARN).
 * - "Policy document should not specify a principal." and "Syntax errors in policy." (moto's IAM policy validator
 *   tests, written against AWS; corroboration only).
 * - "Maximum policy size of 10240 bytes exceeded for role <name>" (gchq/sleeper#1459: Status Code 409).
 */
import {
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, bigPolicy, decoded, doc, expectSubjectExercised, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('inline policies', () => {
    it('puts, gets, lists and deletes role and user inline policies', async () => {
      await iamA.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      await iamA.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b', PolicyDocument: allow('s3:GetObject') }));
      await iamA.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a', PolicyDocument: allow('s3:PutObject') }));
      expect((await iamA.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames).toEqual(['a', 'b']);
      const got = await iamA.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b' }));
      expect(got).toMatchObject({ RoleName: 'inline', PolicyName: 'b' });
      expect(decoded(got.PolicyDocument)).toEqual(JSON.parse(allow('s3:GetObject')));

      expect(await awsError(iamA.send(new DeleteRoleCommand({ RoleName: 'inline' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must delete policies first.',
      });
      await iamA.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a' }));
      await iamA.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b' }));
      expect(await awsError(iamA.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The role policy with name b cannot be found.',
      });
      expect(await awsError(iamA.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'b' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The role policy with name b cannot be found.',
      });
      await iamA.send(new DeleteRoleCommand({ RoleName: 'inline' }));

      await iamA.send(new CreateUserCommand({ UserName: 'inline-user' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }));
      expect((await iamA.send(new ListUserPoliciesCommand({ UserName: 'inline-user' }))).PolicyNames).toEqual(['p']);
      expect(decoded((await iamA.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p' }))).PolicyDocument)).toEqual(
        JSON.parse(allow('s3:GetObject')),
      );
      await iamA.send(new DeleteUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p' }));
      expect(await awsError(iamA.send(new GetUserPolicyCommand({ UserName: 'inline-user', PolicyName: 'p' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user policy with name p cannot be found.',
      });
    });

    it('rejects malformed identity policies with IAM\'s wording', async () => {
      await iamA.send(new CreateRoleCommand({ RoleName: 'strict', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      const put = (policy: string) => awsError(iamA.send(new PutRolePolicyCommand({ RoleName: 'strict', PolicyName: 'p', PolicyDocument: policy })));
      expect(await put('This is not a json document')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });
      expect(await put(doc([{ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject', Resource: '*' }]))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: 'Policy document should not specify a principal.',
      });
      expect(await put(allow('s3:GetObject', 'my-bucket'))).toEqual({
        code: 'MalformedPolicyDocument',
        status: 400,
        message: 'Resource my-bucket must be in ARN format or "*".',
      });
    });

    it('applies the inline size quotas for roles (10,240) and users (2,048)', async () => {
      await iamA.send(new CreateRoleCommand({ RoleName: 'sized', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      // Between the managed (6,144) and inline-role (10,240) quotas: accepted on a role.
      await iamA.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'p8k', PolicyDocument: bigPolicy(8000) }));
      expect(await awsError(iamA.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'p11k', PolicyDocument: bigPolicy(11000) })))).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'Maximum policy size of 10240 bytes exceeded for role sized',
      });
      await iamA.send(new CreateUserCommand({ UserName: 'sized-user' }));
      expect(await awsError(iamA.send(new PutUserPolicyCommand({ UserName: 'sized-user', PolicyName: 'p3k', PolicyDocument: bigPolicy(3000) })))).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'Maximum policy size of 2048 bytes exceeded for user sized-user',
      });
    });
  });

  it('exercises every inline policies operation the IAM service declares', () => expectSubjectExercised('inline-policies', exercised));
});
