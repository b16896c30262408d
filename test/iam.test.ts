/**
 * IAM through the real @aws-sdk/client-iam, over both transports: every operation harness/services/iam declares,
 * IAM's exact wording for its errors, and IAM enforcing identity policies and session policies on its own calls.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_roles.snapshot.json (recorded 2026-02): "The role with name X cannot
 *   be found.", "Role with name X already exists.", "Cannot delete entity, must detach all policies first.",
 *   "Cannot delete entity, must delete policies first.", "The role policy with name X cannot be found.",
 *   "Policy <arn> was not found." (detach), "Policy <arn> does not exist or is not attachable." (attach),
 *   "This policy contains invalid Json" (trust policy).
 * - localstack tests/aws/services/iam/test_iam_policies.snapshot.json (recorded 2026-02): "A policy called X already
 *   exists. Duplicate names are not allowed.", "A managed policy can have up to 5 versions. …", "Cannot delete the
 *   default version of a policy.", "Policy <arn> version vN does not exist or is not attachable." (also for a policy
 *   that does not exist), the VersionId pattern message.
 * - errors.jsonl E058 (trust statement without principal), E061 (Resource not an ARN), E064 ("Invalid ARN:  Could
 *   not be parsed!", two spaces). Note: localstack's 2026 re-recording shows "ARN <value> is not valid." for a
 *   PolicyArn that is a bare name; E064 (2025) is kept until a newer source settles it.
 * - Size quotas: "Cannot exceed quota for PolicySize: 6144" and "… ACLSizePerRole: 2048" (widely quoted Terraform
 *   errors), "Maximum policy size of 10240 bytes exceeded for role <name>" (gchq/sleeper#1459: Status Code 409).
 * - "Policy document should not specify a principal." and "Syntax errors in policy." (moto's IAM policy validator
 *   tests, written against AWS; corroboration only).
 * - Denials: "User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy
 *   allows the <action> action" (errors.jsonl E066 form); ListRoles names "role/" + path prefix as its resource
 *   (AWS IAM docs' sample AccessDenied XML for ListRoles).
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../harness/index.js';
import { iamService } from '../harness/services/iam/service.js';
import { awsError } from '../harness/testing/errors.js';

const A = '111111111111';
const B = '222222222222';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*') => doc([{ Effect: 'Allow', Action: action, Resource: resource }]);
const trust = (principal: object) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
/** A policy document of at least `chars` characters (none of them whitespace). */
function bigPolicy(chars: number): string {
  const resources: string[] = [];
  let text = allow('s3:GetObject', resources);
  while (text.length < chars) {
    resources.push(`arn:aws:s3:::bucket-${String(resources.length).padStart(6, '0')}/k/*`);
    text = allow('s3:GetObject', resources);
  }
  return text;
}
const decoded = (s: string | undefined) => JSON.parse(decodeURIComponent(s ?? '')) as unknown;

/** Operations this file exercises; the last test checks it is every operation the service declares. */
const exercised = new Set<string>();
function track(client: IAMClient): IAMClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      exercised.add(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'trackOperations' },
  );
  return client;
}

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;
  let iamB: IAMClient;
  const creds = async (iam: IAMClient, userName: string) => {
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
  };

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    iamA = track(new IAMClient(emu.clientConfig(A)));
    iamB = track(new IAMClient(emu.clientConfig(B)));
  });
  afterAll(() => emu.dispose());

  describe('roles', () => {
    it('creates, gets, lists, updates, tags and deletes a role', async () => {
      const created = await iamB.send(
        new CreateRoleCommand({ RoleName: 'deploy', Path: '/ci/', AssumeRolePolicyDocument: trust({ AWS: A }), Description: 'd', Tags: [{ Key: 'team', Value: 'x' }] }),
      );
      expect(created.Role).toMatchObject({ RoleName: 'deploy', Path: '/ci/', Arn: `arn:aws:iam::${B}:role/ci/deploy`, MaxSessionDuration: 3600, Description: 'd' });
      expect(created.Role?.RoleId).toMatch(/^AROA[A-Z2-7]{16}$/);
      expect(decoded(created.Role?.AssumeRolePolicyDocument)).toEqual(JSON.parse(trust({ AWS: A })));

      const got = await iamB.send(new GetRoleCommand({ RoleName: 'deploy' }));
      expect(got.Role?.Arn).toBe(`arn:aws:iam::${B}:role/ci/deploy`);
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

  describe('managed policies', () => {
    const arn = `arn:aws:iam::${A}:policy/team/deploy`;

    it('creates, reads, versions and deletes a managed policy', async () => {
      const created = await iamA.send(new CreatePolicyCommand({ PolicyName: 'deploy', Path: '/team/', PolicyDocument: allow('s3:GetObject'), Description: 'x' }));
      expect(created.Policy).toMatchObject({ PolicyName: 'deploy', Arn: arn, Path: '/team/', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
      expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{16}$/);
      expect((await iamA.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ Arn: arn, Description: 'x' });

      const v2 = await iamA.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:PutObject'), SetAsDefault: true }));
      expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
      await iamA.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:DeleteObject') }));
      expect((await iamA.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
        ['v3', false],
        ['v2', true],
        ['v1', false],
      ]);
      const v3 = await iamA.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
      expect(decoded(v3.PolicyVersion?.Document)).toEqual(JSON.parse(allow('s3:DeleteObject')));
      await iamA.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
      expect((await iamA.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v3');

      expect(await awsError(iamA.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: 'Cannot delete the default version of a policy.',
      });
      expect(await awsError(iamA.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${arn} version v9 does not exist or is not attachable.`,
      });
      expect(await awsError(iamA.send(new GetPolicyVersionCommand({ PolicyArn: `arn:aws:iam::${A}:policy/TestNonExistingPolicy`, VersionId: 'v1' })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy arn:aws:iam::${A}:policy/TestNonExistingPolicy version v1 does not exist or is not attachable.`,
      });
      expect(await awsError(iamA.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'x1' })))).toEqual({
        code: 'ValidationError',
        status: 400,
        message: "1 validation error detected: Value 'x1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
      });

      expect(await awsError(iamA.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
        code: 'DeleteConflict',
        status: 409,
        message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      });
      await iamA.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      await iamA.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      await iamA.send(new DeletePolicyCommand({ PolicyArn: arn }));
      expect(await awsError(iamA.send(new GetPolicyCommand({ PolicyArn: arn })))).toEqual({
        code: 'NoSuchEntity',
        status: 404,
        message: `Policy ${arn} does not exist or is not attachable.`,
      });
    });

    it('enforces names, the version limit and the managed size quota', async () => {
      const limited = `arn:aws:iam::${A}:policy/limited`;
      await iamA.send(new CreatePolicyCommand({ PolicyName: 'limited', PolicyDocument: allow('s3:GetObject') }));
      expect(await awsError(iamA.send(new CreatePolicyCommand({ PolicyName: 'limited', PolicyDocument: allow('s3:GetObject') })))).toEqual({
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'A policy called limited already exists. Duplicate names are not allowed.',
      });
      for (let i = 0; i < 4; i++) await iamA.send(new CreatePolicyVersionCommand({ PolicyArn: limited, PolicyDocument: allow('s3:GetObject') }));
      expect(await awsError(iamA.send(new CreatePolicyVersionCommand({ PolicyArn: limited, PolicyDocument: allow('s3:GetObject') })))).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      });
      expect(await awsError(iamA.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: bigPolicy(7000) })))).toEqual({
        code: 'LimitExceeded',
        status: 409,
        message: 'Cannot exceed quota for PolicySize: 6144',
      });
    });

    it('lists AWS-managed policies under their real ARNs and refuses to change them', async () => {
      const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
      const awsScope = (await iamA.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies?.map((p) => p.Arn);
      expect(awsScope).toEqual(
        expect.arrayContaining([
          admin,
          'arn:aws:iam::aws:policy/ReadOnlyAccess',
          'arn:aws:iam::aws:policy/PowerUserAccess',
          'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
          'arn:aws:iam::aws:policy/AWSCodePipeline_FullAccess',
        ]),
      );
      const local = (await iamA.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? [];
      expect(local.every((p) => p.Arn?.startsWith(`arn:aws:iam::${A}:policy/`))).toBe(true);
      const v1 = await iamA.send(new GetPolicyVersionCommand({ PolicyArn: admin, VersionId: 'v1' }));
      expect(decoded(v1.PolicyVersion?.Document)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      expect(await awsError(iamA.send(new DeletePolicyCommand({ PolicyArn: admin })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform this operation on ${admin}`,
      });
    });
  });

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

  describe('IAM enforces policies on its own calls', () => {
    it('refuses a user without iam:CreateRole in IAM\'s exact words', async () => {
      await iamA.send(new CreateUserCommand({ UserName: 'x' }));
      const asX = new IAMClient(emu.configFor(await creds(iamA, 'x')));
      expect(await awsError(asX.send(new CreateRoleCommand({ RoleName: 'y', AssumeRolePolicyDocument: trust({ AWS: A }) })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/x is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${A}:role/y because no identity-based policy allows the iam:CreateRole action`,
      });
      expect(await awsError(asX.send(new ListRolesCommand({})))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/x is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${A}:role/ because no identity-based policy allows the iam:ListRoles action`,
      });
      await iamA.send(new AttachUserPolicyCommand({ UserName: 'x', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      expect((await asX.send(new CreateRoleCommand({ RoleName: 'y', AssumeRolePolicyDocument: trust({ AWS: A }) }))).Role?.RoleName).toBe('y');
    });

    it('names an explicit deny', async () => {
      await iamA.send(new CreateUserCommand({ UserName: 'denied' }));
      await iamA.send(new AttachUserPolicyCommand({ UserName: 'denied', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'denied', PolicyName: 'no-users', PolicyDocument: doc([{ Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' }]) }));
      const asDenied = new IAMClient(emu.configFor(await creds(iamA, 'denied')));
      expect(await awsError(asDenied.send(new DeleteUserCommand({ UserName: 'x' })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:user/denied is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::${A}:user/x with an explicit deny in an identity-based policy`,
      });
    });

    it('limits an assumed role to its session policy', async () => {
      await iamB.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: trust({ AWS: A }) }));
      await iamB.send(new AttachRolePolicyCommand({ RoleName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await iamA.send(new CreateUserCommand({ UserName: 'assumer' }));
      await iamA.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
      const sts = new STSClient(emu.configFor(await creds(iamA, 'assumer')));
      const out = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/admin`, RoleSessionName: 'narrow', Policy: allow('iam:ListRoles') }),
      );
      expect(out.PackedPolicySize).toBeGreaterThan(0);
      const session = new IAMClient(
        emu.configFor({ accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! }),
      );
      expect((await session.send(new ListRolesCommand({}))).Roles?.length).toBeGreaterThan(0);
      expect(await awsError(session.send(new ListUsersCommand({})))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:sts::${B}:assumed-role/admin/narrow is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${B}:user/ because no session policy allows the iam:ListUsers action`,
      });
      // Without a session policy the same role may do anything.
      const full = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/admin`, RoleSessionName: 'full' }));
      const fullSession = new IAMClient(
        emu.configFor({ accessKeyId: full.Credentials!.AccessKeyId!, secretAccessKey: full.Credentials!.SecretAccessKey!, sessionToken: full.Credentials!.SessionToken! }),
      );
      expect((await fullSession.send(new ListUsersCommand({}))).Users).toEqual([]);
    });
  });

  it('covers every operation the IAM service declares', () => {
    expect([...exercised].filter((op) => !Object.hasOwn(iamService.operations, op))).toEqual([]);
    expect(Object.keys(iamService.operations).filter((op) => !exercised.has(op)).sort()).toEqual([]);
  });
});
