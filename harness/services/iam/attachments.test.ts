/**
 * IAM managed-policy attachments and permissions boundaries of roles and users through the real
 * @aws-sdk/client-iam, over both transports, and a boundary limiting what its user may do.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_roles.snapshot.json (recorded 2026-02): "Cannot delete entity, must
 *   detach all policies first.", "Policy <arn> was not found." (detach), "Policy <arn> does not exist or is not
 *   attachable." (attach).
 * - errors.jsonl E064 ("Invalid ARN:  Could not be parsed!", two spaces). Note: localstack's 2026 re-recording shows
 *   "ARN <value> is not valid." for a PolicyArn that is a bare name; E064 (2025) is kept until a newer source
 *   settles it.
 * - Denials: "User: <arn> is not authorized to perform: <action> on resource: <arn> because no permissions boundary
 *   allows the <action> action" (errors.jsonl E066 form).
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, B, creds, expectSubjectExercised, startIamTestBed, trust } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;
  let iamB: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA, iamB } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

  describe('attachments and boundaries', () => {
    it('attaches, lists and detaches managed policies on roles and users', async () => {
      const own = `arn:aws:iam::${A}:policy/attachable`;
      const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
      await iamA.send(new CreatePolicyCommand({ PolicyName: 'attachable', PolicyDocument: allow('s3:GetObject') }));
      await iamA.send(new CreateRoleCommand({ RoleName: 'attached', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      await iamA.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: own }));
      await iamA.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: admin }));
      expect((await iamA.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached' }))).AttachedPolicies).toEqual([
        { PolicyName: 'attachable', PolicyArn: own },
        { PolicyName: 'AdministratorAccess', PolicyArn: admin },
      ]);
      expect((await iamA.send(new GetPolicyCommand({ PolicyArn: own }))).Policy?.AttachmentCount).toBe(1);
      expect(await awsError(iamA.send(new DeleteRoleCommand({ RoleName: 'attached' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete entity, must detach all policies first.',
      });
      expect(await awsError(iamA.send(new DeletePolicyCommand({ PolicyArn: own })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete a policy attached to entities.',
      });
      await iamA.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: own }));
      expect(await awsError(iamA.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: own })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${own} was not found.`,
      });

      await iamA.send(new CreateUserCommand({ UserName: 'attached-user' }));
      await iamA.send(new AttachUserPolicyCommand({ UserName: 'attached-user', PolicyArn: own }));
      expect((await iamA.send(new ListAttachedUserPoliciesCommand({ UserName: 'attached-user' }))).AttachedPolicies).toEqual([{ PolicyName: 'attachable', PolicyArn: own }]);
      await iamA.send(new DetachUserPolicyCommand({ UserName: 'attached-user', PolicyArn: own }));
      expect((await iamA.send(new ListAttachedUserPoliciesCommand({ UserName: 'attached-user' }))).AttachedPolicies).toEqual([]);
    });

    it('words a policy that does not exist, another account\'s policy and an unparsable ARN as IAM does (E064)', async () => {
      await iamA.send(new CreateRoleCommand({ RoleName: 'attach-errors', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      const attach = (policyArn: string) => awsError(iamA.send(new AttachRolePolicyCommand({ RoleName: 'attach-errors', PolicyArn: policyArn })));
      expect(await attach(`arn:aws:iam::${A}:policy/nonexistent-policy`)).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy arn:aws:iam::${A}:policy/nonexistent-policy does not exist or is not attachable.`,
      });
      await iamB.send(new CreatePolicyCommand({ PolicyName: 'theirs', PolicyDocument: allow('s3:GetObject') }));
      expect(await attach(`arn:aws:iam::${B}:policy/theirs`)).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy arn:aws:iam::${B}:policy/theirs does not exist or is not attachable.`,
      });
      expect(await attach('arn:aws:iam::aws:policy:nonsense-but-long')).toEqual({ code: 'ValidationError', status: 400, message: 'Invalid ARN:  Could not be parsed!' });
      expect(await awsError(iamA.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: 'The user with name ghost cannot be found.',
      });
    });

    it('sets and removes permissions boundaries on roles and users, and the boundary limits them', async () => {
      const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      await iamA.send(new CreateUserCommand({ UserName: 'bounded' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: allow('iam:*') }));
      await iamA.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
      expect((await iamA.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary).toEqual({
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundary,
      });
      const asBounded = new IAMClient(emu.configFor(await creds(iamA, 'bounded')));
      expect((await asBounded.send(new ListRolesCommand({}))).Roles).toBeDefined();
      expect(await awsError(asBounded.send(new CreateRoleCommand({ RoleName: 'nope', AssumeRolePolicyDocument: trust({ AWS: A }) })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/bounded is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${A}:role/nope because no permissions boundary allows the iam:CreateRole action`,
      });
      await iamA.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
      expect((await iamA.send(new GetUserCommand({ UserName: 'bounded' }))).User?.PermissionsBoundary).toBeUndefined();
      await asBounded.send(new CreateRoleCommand({ RoleName: 'now-allowed', AssumeRolePolicyDocument: trust({ AWS: A }) }));

      await iamA.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'now-allowed', PermissionsBoundary: boundary }));
      expect((await iamA.send(new GetRoleCommand({ RoleName: 'now-allowed' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);
      await iamA.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'now-allowed' }));
      expect((await iamA.send(new GetRoleCommand({ RoleName: 'now-allowed' }))).Role?.PermissionsBoundary).toBeUndefined();
      expect(await awsError(iamA.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'now-allowed', PermissionsBoundary: `arn:aws:iam::${A}:policy/missing` })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Scope ARN: arn:aws:iam::${A}:policy/missing does not exist or is not attachable.`,
      });
    });
  });

  it('exercises every attachments operation the IAM service declares', () => expectSubjectExercised('attachments', exercised));
});
