/**
 * IAM customer-managed and AWS-managed policies through the real @aws-sdk/client-iam, over both transports: create,
 * read, version and delete, the version limit and size quota, and AWS-managed policies listed under their real ARNs.
 * Sources for wordings (recorded against AWS unless noted):
 * - localstack tests/aws/services/iam/test_iam_policies.snapshot.json (recorded 2026-02): "A policy called X already
 *   exists. Duplicate names are not allowed.", "A managed policy can have up to 5 versions. …", "Cannot delete the
 *   default version of a policy.", "Policy <arn> version vN does not exist or is not attachable." (also for a policy
 *   that does not exist), the VersionId pattern message.
 * - Size quota: "Cannot exceed quota for PolicySize: 6144" (widely quoted Terraform errors).
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  paginateListPolicies,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, allow, bigPolicy, decoded, expectSubjectExercised, startIamTestBed } from './test-fixtures.js';

const exercised = new Set<string>();

describe.each(['in-process', 'http'] as const)('IAM over %s', (transport) => {
  let emu: RunningEmulator;
  let iamA: IAMClient;

  beforeAll(async () => {
    ({ emu, iamA } = await startIamTestBed(transport, exercised));
  });
  afterAll(() => emu.dispose());

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
      const awsScope: string[] = [];
      for await (const page of paginateListPolicies({ client: iamA }, { Scope: 'AWS' })) awsScope.push(...(page.Policies ?? []).map((p) => p.Arn!));
      expect(awsScope).toEqual(
        expect.arrayContaining([
          admin,
          'arn:aws:iam::aws:policy/ReadOnlyAccess',
          'arn:aws:iam::aws:policy/PowerUserAccess',
          'arn:aws:iam::aws:policy/AWSCodePipeline_FullAccess',
          'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
          'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
          'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
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

  it('exercises every managed policies operation the IAM service declares', () => expectSubjectExercised('managed-policies', exercised));
});
